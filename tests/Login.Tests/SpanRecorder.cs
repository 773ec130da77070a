using System.Collections.Concurrent;
using System.Diagnostics;

namespace Login.Tests;

/// <summary>
/// Listens, as OpenTelemetry would, to the <c>Login</c> activity source and to ASP.NET Core's, so each request has its
/// server activity for Login's spans to hang under. Activity listeners are process-wide: tests using this run in
/// <see cref="ActivityCollection"/>, alone.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _requests = new();
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Login" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Requests as they start (one may end after its response reached the test), Login's spans as they end.
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == "Microsoft.AspNetCore")
                {
                    _requests.Enqueue(activity);
                }
            },
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Login")
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Runs a request and returns its server activity and the Login spans that ended during it.</summary>
    public async Task<(Activity Request, IReadOnlyList<Activity> Spans, T Result)> RecordAsync<T>(Func<Task<T>> request)
    {
        _requests.Clear();
        _spans.Clear();
        var result = await request();
        return (Assert.Single(_requests), [.. _spans], result);
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>Tests that listen to activities: alone, so no other test's requests and spans mix with theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ActivityCollection
{
    public const string Name = "Activities";
}
