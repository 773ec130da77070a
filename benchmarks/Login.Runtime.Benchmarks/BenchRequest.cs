namespace Login.Runtime.Benchmarks;

/// <summary>One GET request as a browser or API client sends it: the path and the headers that matter to the guards.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Cookie">The <c>Cookie</c> header, or <c>null</c> for none.</param>
/// <param name="ApiKey">The <c>X-Api-Key</c> header, or <c>null</c> for none.</param>
internal sealed record BenchRequest(string Path, string? Cookie = null, string? ApiKey = null)
{
    /// <summary>The User-Agent every request sends; Login's session protection binds sessions to it and the client address.</summary>
    public const string UserAgent = "Login.Runtime.Benchmarks/1.0";

    /// <summary>The client address the server sees, as for Kestrel on loopback.</summary>
    public const string RemoteAddress = "127.0.0.1";
}
