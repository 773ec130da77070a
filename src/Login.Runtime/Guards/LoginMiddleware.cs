using System.Runtime.CompilerServices;
using Login.Sessions;
using Microsoft.AspNetCore.Http;

namespace Login.Guards;

/// <summary>
/// The last line behind <see cref="LoginGuardMatcherPolicy"/>: guards a request whose endpoint carries a login
/// requirement but no guard, which happens only when something other than routing chose the endpoint (a middleware
/// calling <c>SetEndpoint</c>, a custom matcher). Routed endpoints arrive here already guarded and pass straight on.
/// </summary>
internal sealed class LoginMiddleware(RequestDelegate next, IServiceProvider services)
{
    // Resolved once (null without AddLogin: then the first guarded request says what is missing).
    private readonly LoginService? _service = services.GetService(typeof(LoginService)) as LoginService;

    // What each such endpoint demands, read from its metadata (and its handler's parameters) once, not per request.
    private readonly ConditionalWeakTable<Endpoint, Demand> _demands = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint
            && LoginGuardMatcherPolicy.MayNeedGuard(endpoint.Metadata)
            && _demands.GetValue(endpoint, static e => new Demand(LoginGuardMatcherPolicy.NeedsGuard(e.Metadata))).Value is { } demand)
        {
            return LoginGuard.Run(context, demand, next, _service);
        }

        return next(context);
    }

    private sealed record Demand(LoginDemand? Value);
}
