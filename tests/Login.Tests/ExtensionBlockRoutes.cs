using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Login.Tests.ExtensionBlocks;

/// <summary>Proof that the app's own <c>MapGet</c> ran: the endpoint carries it.</summary>
public sealed class MappedByTheAppsOwnMapGet;

/// <summary>
/// An app's own <c>MapGet</c>, written as a C# 14 extension block: in this namespace it is a better match than ASP.NET
/// Core's for a <see cref="WebApplication"/>, so the compiler binds the call below to it, and a guard woven for ASP.NET
/// Core's method would not even compile (an interceptor must match the method it intercepts). The generator reads calls
/// without binding them where it can; this shape must leave the choice to the compiler.
/// </summary>
public static class ExtensionBlockRoutes
{
    extension(WebApplication app)
    {
        public RouteHandlerBuilder MapGet(string pattern, Delegate handler) =>
            EndpointRouteBuilderExtensions.MapGet(app, pattern, handler).WithMetadata(new MappedByTheAppsOwnMapGet());
    }

    public static void Map(WebApplication app) =>
        app.MapGet("/shapes/extension-block", [LoginRequired] () => "extension block");
}
