using System.Diagnostics;
using System.Reflection;
using System.Text;
using Xunit;

namespace Login.Testing.Samples;

/// <summary>
/// A real sample app, built by the test project's build and run as its own process on Kestrel, as <c>dotnet run</c>
/// would, with its database and DataProtection keys in a fresh temporary folder (its <c>…:DataDirectory</c> setting), so
/// a test run never sees or touches a developer's <c>App_Data</c>. A test project names the app by the assembly metadata
/// its project file writes (the app's build output path) and the setting that moves its data.
/// </summary>
public abstract class RunningSample : IAsyncLifetime
{
    private const string ListeningMarker = "Now listening on:";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _assemblyPathKey;
    private readonly string? _dataDirectoryVariable;
    private Process? _process;

    /// <param name="assemblyPathKey">The <see cref="AssemblyMetadataAttribute"/> key holding the app's assembly path.</param>
    /// <param name="dataDirectoryVariable">
    /// The environment variable of the app's data folder setting, e.g. <c>WebApp__DataDirectory</c>; <c>null</c> for an
    /// app that keeps nothing on disk (such as samples/Login.Sample, whose users and logins live in memory).
    /// </param>
    /// <param name="tempPrefix">The temporary data folder's name prefix.</param>
    protected RunningSample(string assemblyPathKey, string? dataDirectoryVariable, string tempPrefix)
    {
        _assemblyPathKey = assemblyPathKey;
        _dataDirectoryVariable = dataDirectoryVariable;
        DataDirectory = Directory.CreateTempSubdirectory(tempPrefix);
    }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's data folder for this run: users.db, logins.db and keys/.</summary>
    public DirectoryInfo DataDirectory { get; }

    /// <summary>
    /// The app's environment: Development unless a fixture says otherwise (to see what production visitors see, such as
    /// an error page without the exception's details).
    /// </summary>
    protected virtual string EnvironmentName => "Development";

    /// <summary>Everything the app wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var appAssembly = FindAppAssembly();
        var startInfo = new ProcessStartInfo
        {
            // The SDK tells the test host which dotnet it is; using that one keeps the app on the same runtime.
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            // Port 0 lets the OS pick a free port, so parallel runs and a busy 5000 never collide.
            ArgumentList = { appAssembly, "--urls", "http://127.0.0.1:0" },
            // The content root is the working directory: the build output, what a deployed app has.
            WorkingDirectory = Path.GetDirectoryName(appAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // Development: the cookies are not __Host- (which needs HTTPS), as for a developer on http://127.0.0.1.
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = EnvironmentName;
        if (_dataDirectoryVariable is not null)
        {
            startInfo.Environment[_dataDirectoryVariable] = DataDirectory.FullName;
        }

        // Settings inherited from whoever runs the tests must not move the app to another address.
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        startInfo.Environment.Remove("ASPNETCORE_HTTPS_PORTS");

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            if (_listening.Task.IsCompleted)
            {
                return; // Stopped on purpose after it had started (or after giving up on it).
            }

            // Waiting again lets the last lines of output arrive, so the message shows why it stopped.
            process.WaitForExit();
            _listening.TrySetException(new InvalidOperationException(
                $"The app exited with code {SafeExitCode(process)} before it was listening. Its output:\n{Output}"));
        };

        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start '{startInfo.FileName} {appAssembly}'.");
        }

        _process = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            BaseAddress = await _listening.Task.WaitAsync(StartupTimeout);
        }
        catch (TimeoutException)
        {
            _listening.TrySetCanceled();
            throw new TimeoutException(
                $"The app did not print '{ListeningMarker}' within {StartupTimeout.TotalSeconds:0} s. Its output:\n{Output}");
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill: nothing left to stop.
            }

            process.Dispose();
        }

        try
        {
            DataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleaner rather than failing the run.
        }

        return Task.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var marker = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            var address = line[(marker + ListeningMarker.Length)..].Trim();
            _listening.TrySetResult(new Uri(address.EndsWith('/') ? address : address + "/"));
        }
    }

    private string FindAppAssembly()
    {
        // Written by the project file at build time: the app's output for the configuration being tested.
        var path = GetType().Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == _assemblyPathKey)?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The app's build output was not found at '{path}'. Build the tests with 'dotnet test', which builds the app first.");
        }

        return path;
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }
}
