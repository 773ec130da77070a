namespace Login.Tests;

/// <summary>A user whose loader waits at a <see cref="LoadGate"/>: tests see exactly when a load starts and end it when they choose.</summary>
[LoginUser]
public partial class GatedUser
{
    public int Id { get; init; }
}

public static class GatedUsers
{
    [UserLoader]
    public static async Task<GatedUser?> Load(int id, LoadGate gate, CancellationToken cancellationToken)
    {
        gate.LoadStarted();
        await gate.Released.WaitAsync(cancellationToken);
        await Task.Yield(); // asynchronous even once the gate is open, as a database call is
        gate.LoadFinished();
        return new GatedUser { Id = id };
    }
}

/// <summary>
/// Holds <see cref="GatedUsers.Load"/> until <see cref="Release"/>, and writes down what a view saw when it began to render.
/// One per app (a singleton).
/// </summary>
public sealed class LoadGate
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _loadsFinished;
    private int _renders;
    private int _loadsFinishedAtFirstRender = -1;

    public Task Started => _started.Task;

    public Task Released => _released.Task;

    /// <summary>How many views began to render.</summary>
    public int Renders => Volatile.Read(ref _renders);

    /// <summary>How many loads had finished when the first view began to render; -1 before any rendered.</summary>
    public int LoadsFinishedAtFirstRender => Volatile.Read(ref _loadsFinishedAtFirstRender);

    public void Release() => _released.TrySetResult();

    public void LoadStarted() => _started.TrySetResult();

    public void LoadFinished() => Interlocked.Increment(ref _loadsFinished);

    /// <summary>Called by a view's first line, before it reads the current user.</summary>
    public void Rendering()
    {
        Interlocked.CompareExchange(ref _loadsFinishedAtFirstRender, Volatile.Read(ref _loadsFinished), -1);
        Interlocked.Increment(ref _renders);
    }
}
