using System.Diagnostics;
using System.Net;
using Login.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;
using Xunit.Abstractions;

namespace Login.Stores.Tests.Apps;

/// <summary>Every way a login ends (issue 17, item 3): each must end every live connection of the login.</summary>
public enum LoginEnd
{
    /// <summary>The user logs out in another tab.</summary>
    Logout,

    /// <summary>The user logs out everywhere from another device.</summary>
    LogoutEverywhere,

    /// <summary>Another device of the user ends this login from its list (<c>EndLoginSessionAsync</c>).</summary>
    EndLoginSession,

    /// <summary>The user's <c>[SessionStamp]</c> changes (a password change elsewhere): seen by revalidation.</summary>
    SessionStamp,

    /// <summary>The login's last cookie expires (the clock passes its end): seen by the expiry timer or revalidation.</summary>
    Expiry,

    /// <summary>A rotated remember token is presented again after the grace window: theft ends the login.</summary>
    RememberTokenTheft,
}

/// <summary>
/// Opens a hub connection and a circuit's login on instance B, ends the login on instance A by one path, and waits (on
/// state, with a bound a loaded machine keeps) for both to end; a second user's connection and circuit on B stay open.
/// </summary>
public static class LiveEndings
{
    private static int s_nextUser = 40_000;

    /// <summary>How an ending reaches B: by which the bound is chosen.</summary>
    public enum Reach
    {
        /// <summary>One instance, or a notification: the push, measured; asserted with a bound generous for a loaded machine.</summary>
        Push,

        /// <summary>Only the once-a-second poll (or revalidation): its interval plus a margin.</summary>
        Poll,
    }

    /// <summary>The poll's and the revalidation's interval (LoginFamilySync; LoginOptions.ConnectionRevalidationInterval).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>What a catch-up, a close frame and the client's noticing it take on a loaded 2-core machine, at worst.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    /// <summary>A bound for a push on a loaded machine (the goal is 1 s; the time is measured and printed).</summary>
    public static readonly TimeSpan PushBound = TimeSpan.FromSeconds(20);

    public static TimeSpan BoundFor(LoginEnd end, Reach reach) =>
        end is LoginEnd.SessionStamp or LoginEnd.Expiry || reach == Reach.Poll ? Interval + Margin : PushBound;

    public static ManualClock NewClock() => new(DateTimeOffset.UtcNow);

    /// <summary>
    /// The options both instances start with. An ending the store pushes (a logout, theft...) is tested with revalidation
    /// off: it would also end the connection within its interval, and hide a push that never came. A stamp or an expiry
    /// is only seen by revalidation (every second, the default).
    /// </summary>
    public static Action<LoginOptions> OptionsFor(LoginEnd end) => o =>
    {
        if (end is not (LoginEnd.SessionStamp or LoginEnd.Expiry))
        {
            o.ConnectionRevalidationInterval = null;
        }
    };

    public static async Task RunAsync(StoreApp a, StoreApp b, ManualClock clock, LoginEnd end, Reach reach, ITestOutputHelper output, string store)
    {
        var user = Interlocked.Increment(ref s_nextUser);
        var other = Interlocked.Increment(ref s_nextUser);
        var browser = a.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync($"/login/{user}?remember=true")).Body);
        var onB = browser.Copy(b);
        var bystander = b.NewBrowser();
        await bystander.GetAsync($"/login/{other}");

        await using var connection = await HubClient.ConnectAsync(onB);
        var circuit = await onB.OpenCircuitLoginAsync();
        await using var untouched = await HubClient.ConnectAsync(bystander);
        var untouchedCircuit = await bystander.OpenCircuitLoginAsync();
        Assert.Equal("hi", await connection.InvokeAsync<string>("Echo", "hi"));
        Assert.NotNull(circuit.Login);
        Assert.Equal(user.ToString(System.Globalization.CultureInfo.InvariantCulture), circuit.User.GetId());
        var closed = connection.WhenClosed();

        var since = await EndAsync(a, browser, clock, end, user);

        var bound = BoundFor(end, reach);
        var what = $"{store}, {end}, connection on B";
        var hubTook = await closed.ClosedWithinAsync(since, bound);
        Assert.True(hubTook is not null, $"the hub connection was still open {bound} after the login ended ({what})");
        var circuitTook = await EndedWithinAsync(circuit, since, bound);
        Assert.True(circuitTook is not null, $"the circuit's login had not ended {bound} after the login ended ({what})");
        Assert.Equal(ReasonOf(end), circuit.EndedBecause);
        output.WriteLine($"{what}: hub connection closed after {hubTook!.Value.TotalMilliseconds:F0} ms, " +
            $"circuit ended after {circuitTook!.Value.TotalMilliseconds:F0} ms (bound {bound.TotalSeconds} s)"); // measured, not asserted

        // Another login on the same instance is untouched (for an expiry it has expired too: nothing to compare).
        if (end != LoginEnd.Expiry)
        {
            Assert.Equal("still here", await untouched.InvokeAsync<string>("Echo", "still here"));
            Assert.False(untouchedCircuit.HasEnded);
        }

        // The connection never ran a call after its end: every Echo ran before it, for the two users.
        Assert.Equal(end == LoginEnd.Expiry ? 1 : 2, b.HubRuns.Count);
        circuit.Dispose();
        untouchedCircuit.Dispose();
    }

    /// <summary>Ends <paramref name="browser"/>'s login on <paramref name="a"/>; a stopwatch started when the ending began.</summary>
    private static async Task<Stopwatch> EndAsync(StoreApp a, Browser browser, ManualClock clock, LoginEnd end, int user)
    {
        switch (end)
        {
            case LoginEnd.Logout:
            {
                var since = Stopwatch.StartNew();
                Assert.Equal("logged out", (await browser.Copy().GetAsync("/logout")).Body);
                return since;
            }

            case LoginEnd.LogoutEverywhere:
            {
                var laptop = a.NewBrowser();
                await laptop.GetAsync($"/login/{user}");
                var since = Stopwatch.StartNew();
                Assert.StartsWith("ended ", (await laptop.GetAsync("/logout-everywhere")).Body, StringComparison.Ordinal);
                return since;
            }

            case LoginEnd.EndLoginSession:
            {
                var laptop = a.NewBrowser();
                await laptop.GetAsync($"/login/{user}");
                var sessions = (await laptop.GetAsync("/sessions")).Body.Split('|');
                var phone = Assert.Single(sessions, s => s.EndsWith(":other", StringComparison.Ordinal)).Split(':')[0];
                var since = Stopwatch.StartNew();
                Assert.Equal("ended", (await laptop.GetAsync("/sessions/end/" + phone)).Body);
                return since;
            }

            case LoginEnd.SessionStamp:
            {
                var since = Stopwatch.StartNew();
                MemberStamps.Change(user); // the password changed on another machine: every instance loads the new stamp
                return since;
            }

            case LoginEnd.Expiry:
            {
                var since = Stopwatch.StartNew();
                clock.Now += TimeSpan.FromDays(400); // past the session's lifetime and the remember cookie's
                return since;
            }

            case LoginEnd.RememberTokenTheft:
            {
                var thief = browser.Copy(a, "remember_token");
                var owner = browser.Copy(a, "remember_token");
                // The owner's next visit without a session cookie restores the login and rotates the token...
                Assert.Equal((HttpStatusCode.OK, $"secret of {user}"), await owner.GetAsync("/secret"));
                clock.Now += TimeSpan.FromSeconds(10); // ...and the thief comes later than the grace window (5 s).
                var since = Stopwatch.StartNew();
                Assert.Equal(HttpStatusCode.Found, (await thief.GetAsync("/secret")).Status);
                return since;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(end), end, null);
        }
    }

    private static string ReasonOf(LoginEnd end) => end switch
    {
        LoginEnd.SessionStamp => "the user's session stamp changed",
        LoginEnd.Expiry => "its last cookie expired",
        _ => "the login ended",
    };

    /// <summary>How long after <paramref name="since"/> started the login ended; <c>null</c> past <paramref name="bound"/>.</summary>
    internal static async Task<TimeSpan?> EndedWithinAsync(ConnectionLogin login, Stopwatch since, TimeSpan bound)
    {
        var left = bound - since.Elapsed;
        try
        {
            await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, login.Ended);
        }
        catch (OperationCanceledException)
        {
        }

        return login.Ended.IsCancellationRequested ? since.Elapsed : null;
    }
}
