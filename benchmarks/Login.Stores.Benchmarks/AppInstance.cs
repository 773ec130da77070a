namespace Login.Stores.Benchmarks;

/// <summary>One instance of <see cref="StoreApp"/> in a process of its own (the <c>serve</c> command), as a load balancer would see it.</summary>
internal sealed class AppInstance : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private AppInstance(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<AppInstance> StartAsync(string connectionString)
    {
        var process = ChildProcess.Start(["serve", "--postgres", connectionString]);
        try
        {
            var address = await process.WaitForAsync(ServeCommand.Listening, TimeSpan.FromSeconds(60));
            return new AppInstance(process, new Uri(address));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
