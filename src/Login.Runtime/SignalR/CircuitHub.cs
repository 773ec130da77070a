namespace Login.SignalR;

/// <summary>
/// Blazor's own hub, which carries interactive server circuits. Login's hub filter and takeover guard leave it alone:
/// a circuit's login is the Blazor provider's to keep (<c>LoginAuthenticationStateProvider</c>), and when it ends the
/// circuit turns anonymous and a guarded page goes to the login view. Closing the hub connection instead would leave
/// the page "reconnecting" with no login view, and its reconnect is judged by the provider.
/// </summary>
internal static class CircuitHub
{
    private const string TypeName = "Microsoft.AspNetCore.Components.Server.ComponentHub";

    public static bool Is(Type? hubType) => hubType?.FullName == TypeName;
}
