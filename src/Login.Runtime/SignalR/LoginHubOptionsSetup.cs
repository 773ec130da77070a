using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Login.SignalR;

/// <summary>
/// Adds <see cref="LoginHubFilter"/> to every hub. Registered by <c>AddLogin()</c> as an options setup, so an app without
/// SignalR never runs it, and registering Login twice adds the filter once.
/// </summary>
internal sealed class LoginHubOptionsSetup : IConfigureOptions<HubOptions>
{
    public void Configure(HubOptions options) => options.AddFilter<LoginHubFilter>();
}
