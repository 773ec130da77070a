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
        var groups = InterceptorFile.GroupBySignature(model.Calls);
        var writer = new CodeWriter();
        InterceptorFile.Open(writer, "LoginGuardInterceptors");
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

        InterceptorFile.Close(writer);
        return writer.ToString();
    }
}
