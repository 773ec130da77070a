using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// DataProtection's key ring, as an app has it, kept in memory so a benchmark leaves nothing behind (the ephemeral
/// provider would do that too, but it is not the key ring: Login derives no session cookie keys from it, and apps do
/// not run on it). Every app starts with a key, as a deployed app does: a key made while the app runs fires the key
/// manager's change, and Login's session cache then caches nothing for 10 seconds, which would make a warm-cookie row
/// measure a cold cookie.
/// </summary>
internal sealed class InMemoryKeys : IXmlRepository
{
    private static readonly Lazy<XElement[]> Seed = new(MakeKey);

    private readonly List<XElement> _elements;

    public static void Use(IServiceCollection services) =>
        services.AddDataProtection().Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryKeys());

    private static XElement[] MakeKey()
    {
        var empty = new InMemoryKeys(seeded: false);
        var services = new ServiceCollection();
        services.AddDataProtection().Services.Configure<KeyManagementOptions>(o => o.XmlRepository = empty);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("seed").Protect([1]);
        return [.. empty.GetAllElements()];
    }

    private InMemoryKeys(bool seeded) => _elements = seeded ? [.. Seed.Value.Select(e => new XElement(e))] : [];

    private InMemoryKeys()
        : this(seeded: true)
    {
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_elements)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_elements)
        {
            _elements.Add(new XElement(element));
        }
    }
}
