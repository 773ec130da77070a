using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// This test assembly run as a program of its own (<c>dotnet Login.Stores.Tests.dll serve-sqlite FILE KEYS</c>): a
/// <see cref="StoreApp"/> on SQLite in a real second process, for tests of what one process learns from another. It
/// prints <c>listening URL</c> and serves until its standard input closes.
/// </summary>
public sealed class SecondProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SecondProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["serve-sqlite", var file, var keys])
        {
            await Console.Error.WriteLineAsync("usage: Login.Stores.Tests serve-sqlite DATABASE-FILE KEYS-FOLDER");
            return 2;
        }

        await using var app = await StoreApp.StartAsync(b => b.AddSqliteStore($"Data Source={file}"), keys);
        Console.WriteLine($"listening {app.Address}");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public static async Task<SecondProcess> StartSqliteAsync(string file, string keys)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // No appsettings watchers: the machine's inotify instances are few and shared by every test process.
            Environment = { ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false" },
        };
        foreach (var argument in new[] { typeof(SecondProcess).Assembly.Location, "serve-sqlite", file, keys })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new SecondProcess(process, new Uri(line["listening ".Length..]));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill();
        throw new InvalidOperationException($"The second process did not start: {await process.StandardError.ReadToEndAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close(); // its signal to stop
        if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
