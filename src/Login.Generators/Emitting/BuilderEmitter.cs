using System.Collections.Generic;
using Login.Generators.Models;
using Login.Generators.Parsing;

namespace Login.Generators.Emitting;

/// <summary>
/// Writes the interceptors of the app's <c>WebApplication.Create*Builder</c> calls: each calls the original, then adds
/// Login's startup check to the builder (what <c>LoginHostingStartup</c> adds where the web host runs hosting startups),
/// so an app that maps endpoints requiring a login without calling <c>AddLogin()</c> does not start (issue 19).
/// </summary>
internal static class BuilderEmitter
{
    public const string HintName = "Login.Builders.g.cs";

    public static string Emit(IEnumerable<BuilderCallModel> calls)
    {
        var groups = new List<List<BuilderCallModel>>();
        var byKey = new Dictionary<string, List<BuilderCallModel>>();
        foreach (var call in calls)
        {
            if (!byKey.TryGetValue(call.SignatureKey, out var group))
            {
                group = new List<BuilderCallModel>();
                byKey.Add(call.SignatureKey, group);
                groups.Add(group);
            }

            group.Add(call);
        }

        var writer = new CodeWriter();
        writer.Line(CodeWriter.Header.TrimEnd('\n'));
        writer.Open("namespace System.Runtime.CompilerServices");
        writer.Line(CodeWriter.GeneratedCode);
        writer.Line("[global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]");
        writer.Open("file sealed class InterceptsLocationAttribute : global::System.Attribute");
        writer.Line("public InterceptsLocationAttribute(int version, string data) { }");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Open("namespace Login.Generated");
        writer.Line(CodeWriter.GeneratedCode);
        writer.Open("file static class LoginBuilderInterceptors");
        for (var i = 0; i < groups.Count; i++)
        {
            if (i > 0)
            {
                writer.Line();
            }

            var group = groups[i];
            var first = group[0];
            foreach (var call in group)
            {
                writer.Line($"// {call.DisplayLocation}");
                writer.Line($"[global::System.Runtime.CompilerServices.InterceptsLocation({call.LocationVersion}, \"{call.LocationData}\")]");
            }

            var parameters = new List<string>();
            var arguments = new List<string>();
            foreach (var parameter in first.Parameters)
            {
                parameters.Add(parameter.Type + " " + parameter.Name);
                arguments.Add(parameter.Name);
            }

            writer.Open($"public static global::Microsoft.AspNetCore.Builder.WebApplicationBuilder {first.MethodName}_{i}({string.Join(", ", parameters)})");
            writer.Line($"var builder = global::Microsoft.AspNetCore.Builder.WebApplication.{first.MethodName}({string.Join(", ", arguments)});");
            writer.Line($"((global::Microsoft.AspNetCore.Hosting.IHostingStartup)new global::{BuilderCallParser.LoginHostingStartup}()).Configure(builder.WebHost);");
            writer.Line("return builder;");
            writer.Close();
        }

        writer.Close();
        writer.Close();
        return writer.ToString();
    }
}
