using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Login.Tests;

/// <summary>
/// Gives each TestHost request the remote address named in <see cref="Header"/>, first in the pipeline, as a real
/// connection from that address would have it (TestHost has no connection of its own). Session protection reads
/// <c>Connection.RemoteIpAddress</c>, never this header.
/// </summary>
public sealed class RemoteAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                context.Request.Headers.Remove(Header);
            }

            return following(context);
        });
        next(app);
    };
}
