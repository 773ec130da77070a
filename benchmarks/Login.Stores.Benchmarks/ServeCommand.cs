namespace Login.Stores.Benchmarks;

/// <summary>
/// <c>serve --postgres CS</c>: one app instance on a free loopback port. Prints <see cref="Listening"/> and its address
/// once it serves, and stops when standard input closes.
/// </summary>
internal static class ServeCommand
{
    public const string Listening = "listening ";

    public static async Task<int> RunAsync(string connectionString)
    {
        await using var app = StoreApp.Build(connectionString);
        StoreApp.LoadKeyRing(app);
        // Returns once Login has caught up on every ending in the store (its hosted service) and Kestrel listens.
        await app.StartAsync();
        Console.WriteLine(Listening + StoreApp.Address(app));
        await ChildProcess.ParentGoneAsync();
        await app.StopAsync();
        return 0;
    }
}
