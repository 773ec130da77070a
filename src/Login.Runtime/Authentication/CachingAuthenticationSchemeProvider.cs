using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Login.Authentication;

/// <summary>
/// ASP.NET Core's <see cref="AuthenticationSchemeProvider"/>, answering with the same completed task each time instead
/// of a new one per call. The authentication middleware asks it for the request-handler schemes and the default
/// scheme on every request, and the handler provider asks for the scheme by name: three <c>Task.FromResult</c> (about
/// 216 bytes) per request of any app with authentication, whatever scheme it uses. A completed task is immutable, so
/// sharing it between requests shares nothing else; adding or removing a scheme drops every cached answer.
/// </summary>
/// <remarks>
/// Registered by <c>AddLogin()</c> in place of ASP.NET Core's own provider only (<see cref="ReplaceDefault"/>): an app
/// that registered a provider of its own keeps it. Only schemes that exist are cached, so asking for made-up names never
/// grows anything.
/// </remarks>
internal sealed class CachingAuthenticationSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
{
    // Replaced, never cleared, when a scheme is added or removed: a caller that read the provider before the change can
    // only write into the cache it started with, which nobody reads any more.
    private Cache _cache = new();

    /// <summary>
    /// Puts this provider in place of ASP.NET Core's default <see cref="AuthenticationSchemeProvider"/>, registered by
    /// <c>AddAuthentication()</c>. Leaves a provider the app registered itself alone.
    /// </summary>
    public static void ReplaceDefault(IServiceCollection services) =>
        FrameworkDefault.Replace<IAuthenticationSchemeProvider, AuthenticationSchemeProvider, CachingAuthenticationSchemeProvider>(services);

    public override Task<AuthenticationScheme?> GetSchemeAsync(string name)
    {
        var cache = Volatile.Read(ref _cache);
        if (cache.Schemes.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var answer = base.GetSchemeAsync(name);
        if (answer.Result is not null)
        {
            cache.Schemes.TryAdd(name, answer);
        }

        return answer;
    }

    public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        var cache = Volatile.Read(ref _cache);
        return cache.RequestHandlers ??= base.GetRequestHandlerSchemesAsync();
    }

    public override Task<IEnumerable<AuthenticationScheme>> GetAllSchemesAsync()
    {
        var cache = Volatile.Read(ref _cache);
        return cache.All ??= base.GetAllSchemesAsync();
    }

    public override bool TryAddScheme(AuthenticationScheme scheme)
    {
        var added = base.TryAddScheme(scheme);
        if (added)
        {
            Volatile.Write(ref _cache, new Cache());
        }

        return added;
    }

    public override void AddScheme(AuthenticationScheme scheme)
    {
        base.AddScheme(scheme);
        Volatile.Write(ref _cache, new Cache());
    }

    public override void RemoveScheme(string name)
    {
        base.RemoveScheme(name);
        Volatile.Write(ref _cache, new Cache());
    }

    private sealed class Cache
    {
        public ConcurrentDictionary<string, Task<AuthenticationScheme?>> Schemes { get; } = new(StringComparer.Ordinal);

        public Task<IEnumerable<AuthenticationScheme>>? RequestHandlers { get; set; }

        public Task<IEnumerable<AuthenticationScheme>>? All { get; set; }
    }
}
