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
        var groups = InterceptorFile.GroupBySignature(calls);
        var writer = new CodeWriter();
        InterceptorFile.Open(writer, "LoginBuilderInterceptors");
        for (var i = 0; i < groups.Count; i++)
        {
            if (i > 0)
            {
                writer.Line();
            }

            var first = groups[i][0];
            InterceptorFile.Locations(writer, groups[i]);

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

        InterceptorFile.Close(writer);
        return writer.ToString();
    }
}
