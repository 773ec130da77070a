using System.Collections.Generic;
using Login.Generators.Models;

namespace Login.Generators.Emitting;

/// <summary>
/// Writes the interceptors that weave Login's guard into each guarded <c>Map*</c> call: the interceptor calls the
/// original method, then hands the endpoint builder to <c>LoginGuards.Weave</c>.
/// </summary>
internal static class GuardEmitter
{
    private const string EndpointRouteBuilder = "global::Microsoft.AspNetCore.Routing.IEndpointRouteBuilder";

    public const string HintName = "Login.Guards.g.cs";

    public static string Emit(GuardFileModel model)
    {
        // Calls with the same signature and guard share one method with several [InterceptsLocation]s.
        var groups = new List<List<GuardedCallModel>>();
        var byKey = new Dictionary<string, List<GuardedCallModel>>();
        foreach (var call in model.Calls)
        {
            if (!byKey.TryGetValue(call.SignatureKey, out var group))
            {
                group = new List<GuardedCallModel>();
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
        writer.Open("file static class LoginGuardInterceptors");
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
            for (var p = 0; p < first.Parameters.Count; p++)
            {
                var parameter = first.Parameters[p];
                parameters.Add((p == 0 ? "this " : "") + parameter.Type + " " + parameter.Name);
                arguments.Add(parameter.Name);
            }

            // On an endpoint route builder (every ASP.NET Core Map*), the receiver goes along too, so that an app that maps a
            // guarded handler without AddLogin() fails at the Map* call, at startup, rather than on the first request.
            var receiver = first.Parameters.Count > 0 && first.Parameters[0].Type == EndpointRouteBuilder ? first.Parameters[0].Name + ", " : "";
            writer.Line($"public static {first.ReturnType} {first.MethodName}_{i}({string.Join(", ", parameters)})");
            writer.Line($"    => global::Login.CompilerServices.LoginGuards.Weave({receiver}{first.ContainingType}.{first.MethodName}({string.Join(", ", arguments)}), global::Login.Guards.LoginRequirement.{first.Requirement});");
        }

        writer.Close();
        writer.Close();
        return writer.ToString();
    }
}
