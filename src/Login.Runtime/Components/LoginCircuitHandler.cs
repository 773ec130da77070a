using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Login.Components;

/// <summary>
/// Ties Login's authentication state provider to the circuit's life: opens the circuit's login when the circuit opens
/// (before any component renders), and puts a gate in front of every event the browser sends, so an event on a refused
/// circuit never runs and an event after the store went stale sees the login as a request would.
/// </summary>
internal sealed class LoginCircuitHandler(AuthenticationStateProvider provider) : CircuitHandler
{
    // Before the app's handlers: the login is open before they look at it.
    public override int Order => -1000;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken) =>
        provider is LoginAuthenticationStateProvider login ? login.OpenCircuitAsync() : Task.CompletedTask;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next)
    {
        if (provider is not LoginAuthenticationStateProvider login)
        {
            return next;
        }

        // No ConfigureAwait(false): the next handler expects the context it was called on.
        return async context =>
        {
            if (await login.AdmitAsync())
            {
                await next(context);
            }
        };
    }
}
