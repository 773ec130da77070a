using Microsoft.AspNetCore.Http;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Login.Tests;

/// <summary>A strongly-typed id: Login stores it through IFormattable and parses it back through IParsable.</summary>
public readonly record struct AgentId(Guid Value) : IParsable<AgentId>, IFormattable
{
    public static AgentId Parse(string s, IFormatProvider? provider) => new(Guid.Parse(s, provider));

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out AgentId result)
    {
        var ok = Guid.TryParse(s, provider, out var value);
        result = new AgentId(value);
        return ok;
    }

    public string ToString(string? format, IFormatProvider? provider) => "agent-" + Value.ToString(format, provider);
}

public static partial class Agency
{
    /// <summary>A record user, nested in a partial class, identified by a [LoginId] of a strongly-typed id.</summary>
    [LoginUser]
    public partial record Agent([property: LoginId] AgentId Key, string Name);
}

public static class AgentLoader
{
    public static readonly AgentId Known = new(Guid.Parse("5b0c0f7e-49d6-4a4b-9a55-0c1e6c2f1a11"));

    [UserLoader]
    public static Task<Agency.Agent?> Load(string key, HttpContext context) =>
        Task.FromResult(key == Known.ToString(null, CultureInfo.InvariantCulture) ? new Agency.Agent(Known, "Ada") : null);
}
