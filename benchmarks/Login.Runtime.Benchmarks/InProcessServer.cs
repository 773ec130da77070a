using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// A server without a socket: the host hands it the application as it hands it to Kestrel, and <see cref="ProcessAsync"/>
/// runs one request through it the way Kestrel does (create the context from the features, run the pipeline, end the
/// response, dispose the context). So a benchmark measures hosting, routing, middleware and endpoint, and no HTTP.
/// </summary>
internal sealed class InProcessServer : IServer
{
    private Func<IFeatureCollection, ServerResponse, Task>? _process;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _process = (features, response) => ProcessAsync(application, features, response);
        return Task.CompletedTask;
    }

    public Task ProcessAsync(IFeatureCollection features, ServerResponse response) =>
        (_process ?? throw new InvalidOperationException("The app has not started."))(features, response);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }

    private static async Task ProcessAsync<TContext>(IHttpApplication<TContext> application, IFeatureCollection features, ServerResponse response)
        where TContext : notnull
    {
        var context = application.CreateContext(features);
        try
        {
            await application.ProcessRequestAsync(context);
            await response.CompleteAsync();
        }
        catch (Exception e)
        {
            application.DisposeContext(context, e);
            throw;
        }

        application.DisposeContext(context, null);
    }
}
