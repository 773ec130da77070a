using System.Collections.Generic;
using Login.Generators.Models;

namespace Login.Generators.Emitting;

/// <summary>
/// Writes one compiled loader per <c>[UserLoader]</c> method and a module initializer that registers them, so
/// <c>AddLogin</c> finds them with no hand wiring.
/// </summary>
internal static class LoaderEmitter
{
    public const string HintName = "Login.UserLoaders.g.cs";

    public static string Emit(LoaderRegistrationModel model)
    {
        var writer = new CodeWriter();
        writer.Line(CodeWriter.Header.TrimEnd('\n'));
        writer.Open("namespace Login.Generated");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Login.Generators\", \"1.0\")]");
        writer.Open("internal static class LoginUserLoaderRegistration");
        writer.Line("#pragma warning disable CA2255 // registering before Main runs is the point");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        for (var i = 0; i < model.Loaders.Count; i++)
        {
            writer.Line($"global::Login.Loading.UserLoaderRegistry.Register(new UserLoader{i}());");
        }

        writer.Close();
        writer.Line("#pragma warning restore CA2255");
        writer.Close();

        for (var i = 0; i < model.Loaders.Count; i++)
        {
            writer.Line();
            EmitLoader(writer, model.Loaders[i], i);
        }

        writer.Close();
        return writer.ToString();
    }

    private static void EmitLoader(CodeWriter writer, LoaderModel loader, int index)
    {
        var returnType = loader.Return switch
        {
            LoaderReturn.Task => $"global::System.Threading.Tasks.Task<{loader.UserType}?>",
            LoaderReturn.ValueTask => $"global::System.Threading.Tasks.ValueTask<{loader.UserType}?>",
            _ => loader.UserType + "?",
        };

        writer.Line($"/// <summary>Calls <see cref=\"{loader.ContainingType}.{loader.MethodName}\"/> with the stored id and the request's services.</summary>");
        writer.Open($"file sealed class UserLoader{index} : global::Login.Loading.IUserLoader");
        writer.Line($"public global::System.Type UserType => typeof({loader.UserType});");
        writer.Line();
        writer.Open("public global::System.Threading.Tasks.ValueTask<global::Login.IUser?> LoadAsync(string id, global::Microsoft.AspNetCore.Http.HttpContext context)");
        var idArgument = "id";
        if (loader.IdType is not null)
        {
            writer.Open($"if (!global::Login.Loading.LoginIds.TryParse<{loader.IdType}>(id, out var parsedId))");
            writer.Line("return default;");
            writer.Close();
            writer.Line();
            idArgument = "parsedId";
        }

        var arguments = new List<string> { idArgument };
        foreach (var argument in loader.Arguments)
        {
            arguments.Add(argument.Source switch
            {
                LoaderArgumentSource.CancellationToken => "context.RequestAborted",
                LoaderArgumentSource.HttpContext => "context",
                LoaderArgumentSource.HttpRequest => "context.Request",
                _ => $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<{argument.Type}>(context.RequestServices)",
            });
        }

        var call = $"{loader.ContainingType}.{loader.MethodName}({string.Join(", ", arguments)})";
        if (loader.Return == LoaderReturn.Value)
        {
            writer.Line($"return new global::System.Threading.Tasks.ValueTask<global::Login.IUser?>({call});");
        }
        else
        {
            writer.Line($"var loading = {call};");
            writer.Line("return loading.IsCompletedSuccessfully");
            writer.Line("    ? new global::System.Threading.Tasks.ValueTask<global::Login.IUser?>(loading.Result)");
            writer.Line("    : AwaitAsync(loading);");
        }

        writer.Close();
        if (loader.Return != LoaderReturn.Value)
        {
            writer.Line();
            writer.Line($"private static async global::System.Threading.Tasks.ValueTask<global::Login.IUser?> AwaitAsync({returnType} loading) => await loading.ConfigureAwait(false);");
        }

        writer.Close();
    }
}
