using System.Diagnostics;

namespace Login.Stores.Benchmarks;

/// <summary>
/// This program run again in a process of its own, for an app instance (<c>serve</c>) or a measurement that needs a
/// clean heap (<c>measure-instance</c>). It talks on its standard output, one line per message, and logs to standard
/// error (passed through). Closing its standard input asks it to stop, so a child also ends when the parent dies.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static ChildProcess Start(IEnumerable<string> arguments)
    {
        // Under `dotnet run` or the apphost the process path is this program itself; under `dotnet X.dll` it is dotnet.
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}"));
    }

    /// <summary>The rest of the first line that starts with <paramref name="prefix"/>; fails if the child exits or takes too long.</summary>
    public async Task<string> WaitForAsync(string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(cancel.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line[prefix.Length..];
                }

                Console.WriteLine(line);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"child process {Id} did not say \"{prefix.Trim()}\" within {timeout.TotalSeconds:0} s");
        }

        throw new InvalidOperationException($"child process {Id} exited without saying \"{prefix.Trim()}\"");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    /// <summary>In the child: completes when the parent closes standard input (or dies).</summary>
    public static Task ParentGoneAsync() => Task.Run(async () =>
    {
        var buffer = new char[64];
        while (await Console.In.ReadAsync(buffer).ConfigureAwait(false) > 0)
        {
        }
    });
}
