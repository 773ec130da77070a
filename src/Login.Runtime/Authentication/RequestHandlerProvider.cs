using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Authentication;

/// <summary>
/// ASP.NET Core's <see cref="AuthenticationHandlerProvider"/>, without its dictionary for the one scheme most requests
/// use. The provider lives for one request and hands out that request's handler of each scheme, created and initialized
/// on first use; ASP.NET Core's keeps them in a dictionary it makes for every request, and answers with a new task each
/// time. With Login as the default scheme every request of the app authenticates, so that was about 200 bytes on every
/// request. This one keeps the first scheme's handler in two fields (its answer is one completed task, made once per
/// request) and makes a dictionary only for a second scheme in the same request.
/// </summary>
/// <remarks>
/// Registered by <c>AddLogin()</c> in place of ASP.NET Core's own provider only (<see cref="ReplaceDefault"/>): an app
/// that registered a provider of its own keeps it. What a handler is, where it comes from and when it is initialized are
/// ASP.NET Core's rules, unchanged: from the request's services if registered there, else created with them; initialized
/// once, with its scheme and the request, before anyone gets it; an unknown scheme has no handler.
/// </remarks>
internal sealed class RequestHandlerProvider(IAuthenticationSchemeProvider schemes) : IAuthenticationHandlerProvider
{
    private string? _firstScheme;
    private Task<IAuthenticationHandler?>? _first;
    private Dictionary<string, Task<IAuthenticationHandler?>>? _others;

    /// <summary>
    /// Puts this provider in place of ASP.NET Core's default <see cref="AuthenticationHandlerProvider"/>, registered by
    /// <c>AddAuthentication()</c>. Leaves a provider the app registered itself alone.
    /// </summary>
    public static void ReplaceDefault(IServiceCollection services) =>
        FrameworkDefault.Replace<IAuthenticationHandlerProvider, AuthenticationHandlerProvider, RequestHandlerProvider>(services);

    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
    {
        if (_first is not null && string.Equals(_firstScheme, authenticationScheme, StringComparison.Ordinal))
        {
            return _first;
        }

        if (_others is not null && _others.TryGetValue(authenticationScheme, out var other))
        {
            return other;
        }

        var creating = CreateAsync(context, authenticationScheme);
        if (!creating.IsCompleted)
        {
            return KeepWhenCreatedAsync(authenticationScheme, creating);
        }

        if (creating.IsCompletedSuccessfully && creating.Result is not null)
        {
            Keep(authenticationScheme, creating);
        }

        return creating;
    }

    /// <summary>A handler whose initialization completes later: kept then, as ASP.NET Core's provider keeps it.</summary>
    private async Task<IAuthenticationHandler?> KeepWhenCreatedAsync(string authenticationScheme, Task<IAuthenticationHandler?> creating)
    {
        var handler = await creating.ConfigureAwait(false);
        if (handler is not null)
        {
            Keep(authenticationScheme, creating);
        }

        return handler;
    }

    private async Task<IAuthenticationHandler?> CreateAsync(HttpContext context, string authenticationScheme)
    {
        var scheme = await schemes.GetSchemeAsync(authenticationScheme).ConfigureAwait(false);
        if (scheme is null)
        {
            return null;
        }

        if ((context.RequestServices.GetService(scheme.HandlerType)
            ?? ActivatorUtilities.CreateInstance(context.RequestServices, scheme.HandlerType)) is not IAuthenticationHandler handler)
        {
            return null;
        }

        await handler.InitializeAsync(scheme, context).ConfigureAwait(false);
        return handler;
    }

    private void Keep(string authenticationScheme, Task<IAuthenticationHandler?> answer)
    {
        if (_first is null || string.Equals(_firstScheme, authenticationScheme, StringComparison.Ordinal))
        {
            _firstScheme = authenticationScheme;
            _first = answer;
        }
        else
        {
            (_others ??= new Dictionary<string, Task<IAuthenticationHandler?>>(StringComparer.Ordinal))[authenticationScheme] = answer;
        }
    }
}
