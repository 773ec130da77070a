namespace Login.Tests;

/// <summary>
/// Issue 21, item 6: no account can crowd others out of the session store. A user's logins beyond
/// <see cref="LoginOptions.MaxLoginsPerUser"/> end that user's oldest, and only theirs.
/// </summary>
public class LoginCapTests
{
    [Fact]
    public async Task A_login_beyond_the_cap_ends_the_users_oldest_login_and_nobody_elses()
    {
        await using var app = await TestApp.StartAsync(o => o.MaxLoginsPerUser = 3);
        var other = app.NewBrowser();
        await other.GetAsync("/login/2?force=true"); // user 2 is inactive: force, as an admin tool would
        var devices = new List<TestBrowser>();
        for (var i = 0; i < 5; i++)
        {
            var device = app.NewBrowser();
            Assert.Equal("logged in", (await device.GetAsync("/login/1")).Body);
            devices.Add(device);
            app.Clock.Advance(TimeSpan.FromSeconds(1)); // "oldest" is by login time
        }

        var who = new List<string>();
        foreach (var device in devices)
        {
            who.Add((await device.GetAsync("/whoami")).Body.Split(' ')[0]);
        }

        Assert.Equal(["anonymous", "anonymous", "1", "1", "1"], who); // the two oldest ended, the three newest live
        Assert.StartsWith("2 ", (await other.GetAsync("/whoami")).Body);
    }

    [Fact]
    public async Task A_cap_below_one_is_a_startup_error()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(o => o.MaxLoginsPerUser = 0));

        Assert.Contains("LoginOptions.MaxLoginsPerUser must be at least 1", error.ToString(), StringComparison.Ordinal);
    }
}
