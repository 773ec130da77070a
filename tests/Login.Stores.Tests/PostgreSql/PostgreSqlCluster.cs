using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>
/// A private PostgreSQL cluster for one test run: <c>initdb</c> in a temporary folder owned by the <c>postgres</c>
/// user, the server on a free 127.0.0.1 port with its socket in that folder, stopped and deleted when the run ends.
/// Each test takes a database of its own (<see cref="CreateDatabaseAsync"/>). Where PostgreSQL is missing it starts
/// nothing (the tests are skipped), except under <c>CI=true</c>, where it fails every test that needs it.
/// </summary>
public sealed class PostgreSqlCluster : IAsyncLifetime
{
    private string? _folder;
    private int _databases;

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_folder!, "data");

    /// <summary>A superuser connection to the cluster's <c>postgres</c> database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public async Task InitializeAsync()
    {
        if (PostgreSqlInstallation.Missing is { } missing)
        {
            if (PostgreSqlInstallation.IsRequired)
            {
                throw new InvalidOperationException($"CI=true, so the PostgreSQL tests must run, but: {missing}");
            }

            return;
        }

        _folder = Directory.CreateTempSubdirectory("login-pg-").FullName;
        if (PostgreSqlInstallation.RunsAsRoot)
        {
            await RunAsync("/usr/bin/chown", "postgres:postgres", _folder);
        }

        await RunAsPostgresAsync("initdb", "-D", DataDirectory, "--auth=trust", "--username=postgres", "--encoding=UTF8",
            "--no-locale", "--no-sync", "--no-instructions");
        Port = FreePort();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync(immediate: true).GetAwaiter().GetResult();
        await StartAsync();
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port and data; returns when it accepts connections.</summary>
    public Task StartAsync() =>
        RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_folder!, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start");

    /// <summary>Stops the server: <c>fast</c> ends every connection the way a restart does (clients get an admin-shutdown error).</summary>
    public Task StopAsync() => StopAsync(immediate: false);

    /// <summary>A new, empty database, and a connection string to it (no pooling options: the store decides).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"login_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        await StopAsync(immediate: true);
        Directory.Delete(_folder, recursive: true);
        _folder = null;
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=30;Command Timeout=30";

    private async Task StopAsync(bool immediate)
    {
        if (_folder is null || !File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }

        await RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsPostgresAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(PostgreSqlInstallation.BinDirectory!, tool);
        return PostgreSqlInstallation.RunsAsRoot
            ? RunAsync("/usr/sbin/runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the test's folder, and the tools complain when they cannot read it.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
