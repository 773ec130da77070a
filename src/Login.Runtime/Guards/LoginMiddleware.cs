using Login.Sessions;
using Microsoft.AspNetCore.Http;

namespace Login.Guards;

/// <summary>
/// Guards endpoints that carry <see cref="LoginRequiredAttribute">[LoginRequired]</see> metadata but whose call
/// site was not woven at compile time (a handler passed as a <see cref="Delegate"/> variable, ASP.NET Core's Request
/// Delegate Generator owning the call), so no guarded endpoint is ever served anonymously.
/// </summary>
internal sealed class LoginMiddleware(RequestDelegate next, IServiceProvider services)
{
    // Resolved once (null without AddLogin: then the first guarded request says what is missing).
    private readonly LoginService? _service = services.GetService(typeof(LoginService)) as LoginService;

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return next(context);
        }

        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<ILoginRequirementMetadata>() is null || metadata.GetMetadata<WovenLoginGuardMetadata>() is not null
            || LoginRequirements.Of(metadata) is not { } requirement)
        {
            return next(context);
        }

        return LoginGuard.Run(context, requirement, next, _service);
    }
}
