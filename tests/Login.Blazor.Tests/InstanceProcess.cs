using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Blazor.Tests;

/// <summary>
/// This test assembly run as a program of its own (<c>dotnet Login.Blazor.Tests.dll serve-postgres CONNECTION-STRING</c>):
/// the Blazor test app on the PostgreSQL store in a real second process, an instance of the same application as
/// <see cref="StartInProcessAsync"/>'s (one DataProtection application name; the store keeps the key ring in the
/// database). It prints <c>listening URL</c> and serves until its standard input closes.
/// </summary>
public sealed class InstanceProcess : IAsyncDisposable
{
    private const string ApplicationName = "login-blazor-cross-instance";

    private readonly Process _process;

    private InstanceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["serve-postgres", var connectionString])
        {
            await Console.Error.WriteLineAsync("usage: Login.Blazor.Tests serve-postgres CONNECTION-STRING");
            return 2;
        }

        await using var app = await StartInProcessAsync(connectionString);
        Console.WriteLine($"listening {app.Address}");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>An instance in this process: its own container, LoginService, store and LISTEN connection.</summary>
    public static Task<BlazorTestApp> StartInProcessAsync(string connectionString) => BlazorTestApp.StartAsync(services: services =>
    {
        services.AddLogin().AddPostgreSqlStore(connectionString);
        services.AddDataProtection().SetApplicationName(ApplicationName);
    });

    public static async Task<InstanceProcess> StartAsync(string connectionString)
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
        foreach (var argument in new[] { typeof(InstanceProcess).Assembly.Location, "serve-postgres", connectionString })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new InstanceProcess(process, new Uri(line["listening ".Length..]));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill();
        throw new InvalidOperationException($"The instance process did not start: {await process.StandardError.ReadToEndAsync()}");
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
