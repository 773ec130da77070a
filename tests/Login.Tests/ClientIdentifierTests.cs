using System.Net;
using Login.Sessions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Login.Tests;

/// <summary>
/// Session protection's client check remembers the last client that matched each identifier, so that the same browser
/// is not hashed again on every request. The attacker's view: whatever the remembered client, a request from another
/// address or User-Agent (by a single character, or only in case) never matches, before or after the genuine client was
/// remembered, and however the two take turns.
/// </summary>
public sealed class ClientIdentifierTests
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0";

    private static HttpContext Request(string? address, string? userAgent)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        if (userAgent is not null)
        {
            context.Request.Headers.UserAgent = userAgent;
        }

        return context;
    }

    [Fact]
    public void The_same_client_matches_again_and_again_and_no_other_client_ever_does()
    {
        var stored = ClientIdentifier.Of("203.0.113.7", Browser);
        var others = new[]
        {
            Request("203.0.113.8", Browser),
            Request("203.0.113.7", Browser + " "),
            Request("203.0.113.7", Browser.ToUpperInvariant()),
            Request("203.0.113.7", null),
            Request(null, Browser),
            Request("::ffff:203.0.113.7", Browser),
        };

        for (var round = 0; round < 3; round++)
        {
            foreach (var other in others)
            {
                Assert.False(ClientIdentifier.Matches(stored, other));
                Assert.True(ClientIdentifier.Matches(stored, Request("203.0.113.7", Browser)));
                Assert.False(ClientIdentifier.Matches(stored, other));
            }
        }
    }

    [Fact]
    public void A_client_remembered_for_one_identifier_is_not_taken_for_another()
    {
        // Many identifiers, so that some share the remembered slot with others: each still matches only its own client.
        var clients = Enumerable.Range(0, 10_000).Select(i => (Address: $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}", Agent: Browser)).ToArray();
        var identifiers = clients.Select(c => ClientIdentifier.Of(c.Address, c.Agent)).ToArray();
        for (var i = 0; i < clients.Length; i++)
        {
            Assert.True(ClientIdentifier.Matches(identifiers[i], Request(clients[i].Address, clients[i].Agent)));
        }

        for (var i = 0; i < clients.Length; i++)
        {
            var next = (i + 1) % clients.Length;
            Assert.False(ClientIdentifier.Matches(identifiers[i], Request(clients[next].Address, clients[next].Agent)));
            Assert.True(ClientIdentifier.Matches(identifiers[i], Request(clients[i].Address, clients[i].Agent)));
        }
    }

    [Fact]
    public void An_identifier_of_the_wrong_length_never_matches()
    {
        var stored = ClientIdentifier.Of("203.0.113.7", Browser);
        Assert.True(ClientIdentifier.Matches(stored, Request("203.0.113.7", Browser)));
        Assert.False(ClientIdentifier.Matches(stored.AsSpan(0, ClientIdentifier.Length - 1), Request("203.0.113.7", Browser)));
        Assert.False(ClientIdentifier.Matches([.. stored, 0], Request("203.0.113.7", Browser)));
        Assert.False(ClientIdentifier.Matches([], Request("203.0.113.7", Browser)));
    }
}
