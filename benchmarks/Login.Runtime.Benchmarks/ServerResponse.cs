using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// The response side of a request as a server gives it to the pipeline: the <c>OnStarting</c> callbacks run before the
/// first byte of the body or, when nothing was written, as the request ends, exactly as Kestrel runs them. Login and
/// cookie authentication write their <c>Set-Cookie</c> headers there, so a response feature that drops the callbacks
/// (<see cref="HttpResponseFeature"/>'s do nothing) would leave their cookie work out of the measurement.
/// The body goes to <paramref name="body"/>: <see cref="Stream.Null"/> when measuring, a buffer when checking.
/// </summary>
internal sealed class ServerResponse(Stream body) : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly StreamResponseBodyFeature _body = new(body);
    private List<(Func<object, Task> Callback, object State)>? _onStarting;
    private List<(Func<object, Task> Callback, object State)>? _onCompleted;
    private bool _starting;

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body
    {
        get => _body.Stream;
        set => throw new NotSupportedException("The benchmarks do not replace the response body.");
    }

    public bool HasStarted { get; private set; }

    public Stream Stream => _body.Stream;

    public PipeWriter Writer => _body.Writer;

    public void OnStarting(Func<object, Task> callback, object state) => (_onStarting ??= []).Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => (_onCompleted ??= []).Add((callback, state));

    public void DisableBuffering() => _body.DisableBuffering();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!_starting)
        {
            // Guarded, so a callback that writes the body does not start the response a second time.
            _starting = true;
            await FireOnStartingAsync();
            // As in Kestrel: the response counts as started (headers frozen) only after the callbacks ran.
            HasStarted = true;
            await _body.StartAsync(cancellationToken);
        }
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        _body.SendFileAsync(path, offset, count, cancellationToken);

    /// <summary>What the server does after the pipeline returned: start the response if nobody did, flush, run OnCompleted.</summary>
    public async Task CompleteAsync()
    {
        await StartAsync();
        await _body.CompleteAsync();
        if (_onCompleted is { } completed)
        {
            for (var i = completed.Count - 1; i >= 0; i--)
            {
                await completed[i].Callback(completed[i].State);
            }
        }
    }

    private async Task FireOnStartingAsync()
    {
        if (_onStarting is { } starting)
        {
            // Last registered runs first, as in Kestrel.
            for (var i = starting.Count - 1; i >= 0; i--)
            {
                await starting[i].Callback(starting[i].State);
            }
        }
    }
}
