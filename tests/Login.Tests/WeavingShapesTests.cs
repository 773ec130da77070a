using System.Net;
using Login.Guards;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>Every Map* shape with a marked handler is woven at compile time and refuses anonymous requests.</summary>
public class WeavingShapesTests
{
    public static TheoryData<string, string, string> Shapes => new()
    {
        { "POST", "/shapes/post", "post" },
        { "PUT", "/shapes/put", "put" },
        { "DELETE", "/shapes/delete", "delete" },
        { "PATCH", "/shapes/patch", "patch" },
        { "GET", "/shapes/methods", "methods" },
        { "GET", "/shapes/map", "map" },
        { "GET", "/shapes/group/inner", "group inner" },
        { "GET", "/shapes/static-method", "static method" },
        { "GET", "/shapes/instance-method", "instance method" },
        { "GET", "/shapes/local-function", "local function" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_shape_is_woven_and_guarded(string method, string path, string body)
    {
        await using var app = await TestApp.StartAsync();
        var endpoint = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>().Single(e => e.RoutePattern.RawText == path);
        Assert.True(endpoint.Metadata.GetMetadata<GuardedEndpointMetadata>()?.IsWoven);

        var browser = app.NewBrowser();
        var anonymous = await browser.GetAsync(path, new HttpMethod(method));
        Assert.Equal(HttpStatusCode.Found, anonymous.Status);

        await browser.GetAsync("/login/1");
        Assert.Equal(body, (await browser.GetAsync(path, new HttpMethod(method))).Body);
    }

    /// <summary>
    /// A call the compiler binds to the app's own <c>MapGet</c> (a C# 14 extension block) is not woven, which would not
    /// compile, and is guarded at run time from the handler's attribute.
    /// </summary>
    [Fact]
    public async Task A_call_bound_to_the_apps_own_MapGet_is_guarded_at_run_time()
    {
        await using var app = await TestApp.StartAsync();
        var endpoint = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>().Single(e => e.RoutePattern.RawText == "/shapes/extension-block");
        Assert.NotNull(endpoint.Metadata.GetMetadata<ExtensionBlocks.MappedByTheAppsOwnMapGet>());
        Assert.False(endpoint.Metadata.GetMetadata<GuardedEndpointMetadata>()?.IsWoven ?? false);

        var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/shapes/extension-block")).Status);
        await browser.GetAsync("/login/1");
        Assert.Equal("extension block", (await browser.GetAsync("/shapes/extension-block")).Body);
    }

    [Fact]
    public async Task Unmarked_and_Delegate_variable_handlers_are_not_woven()
    {
        await using var app = await TestApp.StartAsync();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.Null(endpoints.Single(e => e.RoutePattern.RawText == "/whoami").Metadata.GetMetadata<GuardedEndpointMetadata>());
        Assert.Null(endpoints.Single(e => e.RoutePattern.RawText == "/delegate").Metadata.GetMetadata<GuardedEndpointMetadata>());
    }
}
