using Login.Stores.Tests.PostgreSql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Login.Stores.Tests;

/// <summary>Finds <see cref="StoreFactAttribute"/> tests; see there.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsPostgreSql = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresPostgreSqlAttribute).AssemblyQualifiedName).Any();
        if (needsPostgreSql && PostgreSqlInstallation.SkipReason is { } reason)
        {
            return
            [
                new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason),
            ];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
