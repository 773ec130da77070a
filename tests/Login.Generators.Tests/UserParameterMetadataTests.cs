using System.Reflection;
using Login.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Login.Generators.Tests;

/// <summary>
/// The generated user class implements <c>IEndpointParameterMetadataProvider</c>, so ASP.NET Core's
/// RequestDelegateFactory (what <c>Map*</c> uses without the Request Delegate Generator, woven or not) and MVC (for a
/// controller action) add a <see cref="UserParameterMetadata"/> naming the parameter's user type to the endpoint: the
/// runtime guard reads it. The Request Delegate Generator does not: it decides at compile time whether a parameter type
/// implements the interface, and it cannot see what another generator adds to the type.
/// The user code is compiled with the generator's output, emitted, loaded, and asked for a handler's metadata.
/// </summary>
public class UserParameterMetadataTests
{
    // No loaders: no module initializer registering them in this test process (the analyzer, which would report
    // LOGIN004, is not run here).
    private const string App = """
        using System.Collections.Generic;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.AspNetCore.Routing.Patterns;
        using Microsoft.Extensions.DependencyInjection;

        namespace Shop;

        [LoginUser]
        public partial class Customer { public int Id { get; init; } }

        [LoginUser("admin")]
        public partial class Admin { public int Id { get; init; } }

        public sealed class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            [Microsoft.AspNetCore.Mvc.HttpGet("/orders")]
            public string Get(Admin admin, int page) => "";
        }

        public static class Probe
        {
            public static string ForAdmin(Admin admin) => "";
            public static string ForAnyone(Customer? customer, Admin? admin, int id) => "";
            public static string ForNobody(int id) => "";

            /// <summary>The metadata of the endpoint MVC makes for OrdersController.Get (MapControllers, no server started).</summary>
            public static IList<object> MetadataOfControllerAction()
            {
                var builder = WebApplication.CreateSlimBuilder();
                builder.Services.AddControllers().AddApplicationPart(typeof(Probe).Assembly);
                var app = builder.Build();
                app.MapControllers();
                var endpoint = System.Linq.Enumerable.Single(System.Linq.Enumerable.SelectMany(((IEndpointRouteBuilder)app).DataSources, d => d.Endpoints));
                var metadata = System.Linq.Enumerable.ToList(endpoint.Metadata);
                ((System.IDisposable)app).Dispose();
                return metadata;
            }

            public static IList<object> MetadataOf(string handler)
            {
                var builder = new RouteEndpointBuilder(null, RoutePatternFactory.Parse("/"), 0)
                {
                    ApplicationServices = new ServiceCollection().BuildServiceProvider(),
                };
                RequestDelegateFactory.InferMetadata(typeof(Probe).GetMethod(handler)!, new RequestDelegateFactoryOptions { EndpointBuilder = builder });
                return builder.Metadata;
            }
        }
        """;

    [Fact]
    public void RequestDelegateFactory_adds_the_user_type_of_each_user_parameter_to_the_endpoint()
    {
        var probe = LoadProbe();

        Assert.Equal(["Shop.Admin"], UserTypesIn(probe, "ForAdmin"));
        Assert.Equal(["Shop.Customer", "Shop.Admin"], UserTypesIn(probe, "ForAnyone"));
        Assert.Empty(UserTypesIn(probe, "ForNobody"));
    }

    /// <summary>MVC asks a controller action's parameter types too (ActionEndpointFactory, through EndpointMetadataPopulator).</summary>
    [Fact]
    public void MVC_adds_the_user_type_of_a_controller_actions_user_parameter_to_the_endpoint()
    {
        var probe = LoadProbe().DeclaringType!.GetMethod("MetadataOfControllerAction")!;

        var metadata = (IList<object>)probe.Invoke(null, [])!;

        Assert.Equal(["Shop.Admin"], metadata.OfType<UserParameterMetadata>().Select(m => m.UserType.FullName));
    }

    [Fact]
    public void A_user_type_that_implements_the_interface_itself_keeps_its_own()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using System.Reflection;
            using Login;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http.Metadata;

            [LoginUser]
            public partial class User : IEndpointParameterMetadataProvider
            {
                public int Id { get; init; }

                public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => builder.Metadata.Add("mine");
            }
            """));

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var user = Assert.Single(result.Results.Single().GeneratedSources).SourceText.ToString();
        Assert.DoesNotContain("PopulateMetadata", user);
        Assert.DoesNotContain("IEndpointParameterMetadataProvider", user);
    }

    private static IEnumerable<string> UserTypesIn(MethodInfo probe, string handler) =>
        ((IList<object>)probe.Invoke(null, [handler])!).OfType<UserParameterMetadata>().Select(m => m.UserType.FullName!);

    private static MethodInfo LoadProbe()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(App));
        Assert.Empty(result.Diagnostics);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        var assembly = Assembly.Load(stream.ToArray());
        return assembly.GetType("Shop.Probe")!.GetMethod("MetadataOf")!;
    }
}
