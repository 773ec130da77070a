using System.Collections.Generic;
using System.Threading;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads the calls that create a web application builder, so that the generated code can add Login's startup check to
/// every builder the app makes (issue 19). <c>WebApplication.CreateBuilder</c> runs the hosting startup the generated
/// code names in the app's assembly, but only when the app has loaders there and hosting startups are not turned off;
/// <c>CreateSlimBuilder</c> and <c>CreateEmptyBuilder</c> run none. Without that check an app that never calls
/// <c>AddLogin()</c> serves the endpoints Login would not weave (the Request Delegate Generator's, <c>RequireLogin()</c>
/// groups, controllers) to anyone.
/// </summary>
internal static class BuilderCallParser
{
    private const string WebApplication = "Microsoft.AspNetCore.Builder.WebApplication";

    /// <summary>The type the interceptor hands the builder to; without it (an older runtime) nothing is intercepted.</summary>
    public const string LoginHostingStartup = "Login.CompilerServices.LoginHostingStartup";

    /// <summary>A call of one of the builder factories by name (<c>WebApplication.CreateSlimBuilder(args)</c>), decided without binding.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: var name } },
        }
        && IsBuilderFactory(name);

    /// <summary>The call to intercept, or <c>null</c> when it is not <c>WebApplication</c>'s or Login's runtime is not referenced.</summary>
    public static BuilderCallModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var model = context.SemanticModel;
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { IsStatic: true } method
            || !IsBuilderFactory(method.Name)
            || method.ContainingType.ToDisplayString() != WebApplication
            || model.Compilation.GetTypeByMetadataName(LoginHostingStartup) is null
            || model.GetInterceptableLocation(invocation, cancellationToken) is not { } location)
        {
            return null;
        }

        var parameters = new List<InterceptedParameter>();
        foreach (var parameter in method.Parameters)
        {
            parameters.Add(new InterceptedParameter(parameter.Type.ToFullyQualified(), parameter.Name));
        }

        var display = location.GetDisplayLocation();
        return new BuilderCallModel(
            location.Version,
            location.Data,
            display.Substring(display.LastIndexOfAny(new[] { '/', '\\' }) + 1),
            method.Name,
            parameters.ToEquatableArray());
    }

    private static bool IsBuilderFactory(string name) => name is "CreateBuilder" or "CreateSlimBuilder" or "CreateEmptyBuilder";
}
