using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Testing.Keys;

/// <summary>
/// DataProtection's key ring with its keys in memory: what a deployed app runs on (Login seals its session cookie with
/// keys derived from it), each app its own, so a cookie from another app is a wrongly-keyed cookie; and nothing is left
/// behind. (The ephemeral provider leaves nothing either, but it is not the key ring: Login derives no keys from it.)
/// </summary>
/// <remarks>
/// The app starts with its key, as a deployed app does: a key made on the app's first request would fire the key
/// manager's change, and Login's session cache then caches nothing for a few seconds (a benchmark's warm cookie would
/// be measured cold). The key is made on the app's own clock, if it has one, so it is active on that clock whichever
/// clock DataProtection reads.
/// </remarks>
internal sealed class InMemoryKeyRing : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    /// <param name="services">The app's services.</param>
    /// <param name="clock">The clock the app starts on, when it is not the machine's.</param>
    public static void Use(IServiceCollection services, TimeProvider? clock = null)
    {
        var keys = new InMemoryKeyRing();
        var maker = new ServiceCollection();
        maker.AddSingleton(clock ?? TimeProvider.System);
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
