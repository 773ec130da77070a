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

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint && LoginGuardMatcherPolicy.NeedsGuard(endpoint.Metadata) is { } demand)
        {
            return LoginGuard.Run(context, demand, next, _service);
        }

        return next(context);
    }
}
