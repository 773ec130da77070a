using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Login.Stores.Tests.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// Two instances on one PostgreSQL database under churn from many clients for a minute (LOGIN_SOAK_SECONDS to change
/// it): logins, logouts, remember restores and log-out-everywhere, each on whichever instance. Nothing may fail, no
/// response may show another user, and no login may be accepted anywhere later than the propagation bound after it ended.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class SoakTests(PostgreSqlCluster cluster, ITestOutputHelper output)
{
    // The poll alone's bound (its 1 s interval and a margin for a loaded 2-core machine): with both paths on, no ending may
    // take longer than the poll would. A bound equal to the interval flaked and could not tell the notification from the
    // poll; TwoInstancesTests times each path alone.
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(10);

    // Enough to interleave every kind of request on both instances; few enough, and paced, not to starve the test
    // assemblies that `dotnet test` runs beside this one on a 2-core machine (a browser test among them).
    private const int Clients = 12;

    [PostgreSqlFact]
    public async Task Two_instances_under_a_minute_of_churn_serve_no_error_no_other_user_and_no_ended_login()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("LOGIN_SOAK_SECONDS") ?? "60", CultureInfo.InvariantCulture);
        var database = await cluster.CreateDatabaseAsync();
        await using var a = await StartAsync(database);
        await using var b = await StartAsync(database);
        StoreApp[] instances = [a, b];
        var failures = new ConcurrentQueue<string>();
        var counts = new ConcurrentDictionary<string, int>();
        var until = Stopwatch.StartNew();

        async Task ClientAsync(int client)
        {
            var random = new Random(client);
            var userId = 1000 + client;
            StoreApp Any() => instances[random.Next(instances.Length)];
            var devices = new[] { new Browser(Any()), new Browser(Any()) };
            var ended = new List<(Browser Copy, long At)>();

            async Task<(HttpStatusCode Status, string Body)> SendAsync(Browser browser, string path)
            {
                browser.App = Any();
                var response = await browser.GetAsync(path);
                counts.AddOrUpdate(path.Split('?')[0].Split('/')[1], 1, (_, n) => n + 1);
                if ((int)response.Status >= 500)
                {
                    failures.Enqueue($"client {client}: {path} answered {(int)response.Status}");
                }
                else if (response.Body.StartsWith("secret of ", StringComparison.Ordinal) && response.Body != $"secret of {userId}")
                {
                    failures.Enqueue($"client {client} (user {userId}) was served '{response.Body}'");
                }

                return response;
            }

            while (until.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                await Task.Delay(10); // a paced client: the soak is about interleavings, not throughput
                var device = devices[random.Next(devices.Length)];
                switch (random.Next(10))
                {
                    case 0:
                        await SendAsync(device, $"/login/{userId}?remember={random.Next(2) == 0}");
                        break;
                    case 1:
                        ended.Add((device.Copy(), Stopwatch.GetTimestamp()));
                        await SendAsync(device, "/logout");
                        break;
                    case 2:
                        device.Cookies.Remove(".Login.Session"); // the browser was closed: restore from the remember cookie
                        await SendAsync(device, "/secret");
                        break;
                    case 3 when random.Next(4) == 0:
                        var copies = devices.Select(each => each.Copy()).ToList();
                        var started = Stopwatch.GetTimestamp();
                        if ((await SendAsync(device, "/logout-everywhere")).Body is not "ended 0")
                        {
                            // The asking device was logged in: every login of the user ended, the other device's too.
                            ended.AddRange(copies.Select(copy => (copy, started)));
                        }

                        break;
                    default:
                        await SendAsync(device, "/secret");
                        break;
                }

                // Copies of ended logins, older than the bound, must be refused by whichever instance gets them.
                for (var i = ended.Count - 1; i >= 0; i--)
                {
                    if (Stopwatch.GetElapsedTime(ended[i].At) < PropagationBound)
                    {
                        continue;
                    }

                    var (copy, at) = ended[i];
                    ended.RemoveAt(i);
                    copy.Cookies.Remove("remember_token"); // a restore rotates the token; the session copy is the one to test
                    if (copy.Cookies.Count > 0 && (await SendAsync(copy, "/secret")).Status == HttpStatusCode.OK)
                    {
                        failures.Enqueue($"client {client}: a session copy was accepted {Stopwatch.GetElapsedTime(at).TotalMilliseconds:F0} ms after its login ended, by {copy.App.Address.Port}");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(ClientAsync));

        output.WriteLine($"{seconds} s, {Clients} clients, 2 instances: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
        Assert.Empty(failures.Take(20));
        Assert.True(counts.Values.Sum() > 1000, "the soak hardly ran");
    }

    private static Task<StoreApp> StartAsync(string database) => StoreApp.StartAsync(b => b.AddPostgreSqlStore(database));
}
