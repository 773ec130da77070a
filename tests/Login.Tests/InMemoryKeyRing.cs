using System.Xml.Linq;
using Login.Testing.Time;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// DataProtection's key ring with its keys in memory: what a deployed app runs on (Login seals its session cookie with
/// keys derived from it), each app its own, so a cookie from another app is a wrongly-keyed cookie.
/// </summary>
/// <remarks>
/// The app starts with its key, as a deployed app does: a key made on the app's first request would fire the key
/// manager's change, and Login's session cache then caches nothing for a few seconds. The key is made on a clock at
/// <see cref="ManualClock.Start"/>, the instant the test app's clock starts at, so it is active on that clock whichever
/// clock DataProtection reads.
/// </remarks>
internal sealed class InMemoryKeyRing : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    public static void Use(IServiceCollection services)
    {
        var keys = new InMemoryKeyRing();
        var maker = new ServiceCollection();
        maker.AddSingleton<TimeProvider>(new ManualClock());
        maker.AddDataProtection().Services.Configure<KeyManagementOptions>(o => o.XmlRepository = keys);
        using (var provider = maker.BuildServiceProvider())
        {
            provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("key").Protect([1]);
        }

        services.AddDataProtection().Services.Configure<KeyManagementOptions>(o => o.XmlRepository = keys);
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
