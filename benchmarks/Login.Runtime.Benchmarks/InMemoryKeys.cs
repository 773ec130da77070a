using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// DataProtection's key ring, as an app has it, kept in memory so a benchmark leaves nothing behind (the ephemeral
/// provider would do that too, but it is not the key ring: Login derives no session cookie keys from it, and apps do
/// not run on it).
/// </summary>
internal sealed class InMemoryKeys : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    public static void Use(IServiceCollection services) =>
        services.AddDataProtection().Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryKeys());

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
