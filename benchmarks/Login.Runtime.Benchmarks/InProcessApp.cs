using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// A web app built and started once with <see cref="WebApplication"/>, whose requests run in this process through
/// <see cref="InProcessServer"/>: every call makes a fresh <see cref="HttpContext"/> from fresh features (as a server
/// does per request) and throws the response body away.
/// </summary>
internal sealed class InProcessApp : IAsyncDisposable
{
    private static readonly IPAddress ClientAddress = IPAddress.Parse(BenchRequest.RemoteAddress);
    private readonly WebApplication _app;
    private readonly InProcessServer _server;

    private InProcessApp(WebApplication app, InProcessServer server)
    {
        _app = app;
        _server = server;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds and starts an app: <paramref name="addServices"/> registers what it needs, <paramref name="map"/> adds middleware and endpoints.</summary>
    public static InProcessApp Start(Action<IServiceCollection> addServices, Action<WebApplication> map)
    {
        // Production, so WebApplication adds no developer exception page; logging as a production app would run it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var server = new InProcessServer();
        builder.Services.AddSingleton<IServer>(server);
        addServices(builder.Services);
        var app = builder.Build();
        map(app);
        app.StartAsync().GetAwaiter().GetResult();
        return new InProcessApp(app, server);
    }

    /// <summary>One request, body discarded: what the benchmarks measure.</summary>
    public Task SendAsync(BenchRequest request) => ProcessAsync(request, new ServerResponse(Stream.Null));

    /// <summary>
    /// One request, body discarded, returning the <c>name=value</c> the response set for cookie <paramref name="name"/>
    /// (or <c>null</c>): for a row whose browser must keep a cookie the server replaces, as a remember cookie is.
    /// </summary>
    public async Task<string?> SendKeepingCookieAsync(BenchRequest request, string name)
    {
        var response = new ServerResponse(Stream.Null);
        await ProcessAsync(request, response);
        foreach (var header in response.Headers.SetCookie)
        {
            if (header is not null && header.StartsWith(name, StringComparison.Ordinal) && header.Length > name.Length && header[name.Length] == '=')
            {
                var end = header.IndexOf(';', StringComparison.Ordinal);
                return end < 0 ? header : header[..end];
            }
        }

        return null;
    }

    /// <summary>One request, with what the setups check of the response.</summary>
    public BenchResponse Check(BenchRequest request)
    {
        var body = new MemoryStream();
        var response = new ServerResponse(body);
        ProcessAsync(request, response).GetAwaiter().GetResult();
        return new BenchResponse(
            response.StatusCode,
            response.Headers.Location.Count == 0 ? null : response.Headers.Location.ToString(),
            [.. response.Headers.SetCookie.Select(c => c ?? "")],
            Encoding.UTF8.GetString(body.ToArray()));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task ProcessAsync(BenchRequest request, ServerResponse response)
    {
        // Sized for every header a row sends, as Kestrel's request headers are: otherwise a row's extra header (a
        // cookie, an API key) would be charged for the dictionary growing, which no real server does per request.
        IHeaderDictionary headers = new HeaderDictionary(8);
        headers.Host = "127.0.0.1:5000";
        headers.UserAgent = BenchRequest.UserAgent;
        headers.Accept = "text/html";
        if (request.Cookie is not null)
        {
            headers.Cookie = request.Cookie;
        }

        if (request.ApiKey is not null)
        {
            headers[ApiKeys.HeaderName] = request.ApiKey;
        }

        // Kestrel keeps a request's features in fields and a small list; a collection sized for them stands in for it.
        var features = new FeatureCollection(16);
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = "HTTP/1.1",
            Scheme = "http",
            Method = HttpMethods.Get,
            Path = request.Path,
            Headers = headers,
        });
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            RemoteIpAddress = ClientAddress,
            RemotePort = 40000,
            LocalIpAddress = ClientAddress,
            LocalPort = 5000,
        });
        return _server.ProcessAsync(features, response);
    }
}
