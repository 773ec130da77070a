using Login.Sessions;

namespace Login.Blazor.Tests;

/// <summary>
/// Holds an app's session store stale (last heard from at boot) until disposed: marked again every few milliseconds, so
/// the app's own sync, which would mark it fresh, cannot end the staleness in the middle of a test.
/// </summary>
internal sealed class StaleStore : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _holding;

    public StaleStore(LoginService service)
    {
        var ended = service.Families.Ended;
        ended.MarkSynced(1);
        _holding = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                ended.MarkSynced(1);
                await Task.Delay(5);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _holding;
        _stop.Dispose();
    }
}
