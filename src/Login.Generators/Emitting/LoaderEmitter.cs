using System.Collections.Generic;
using Login.Generators.Models;

namespace Login.Generators.Emitting;

/// <summary>
/// Writes one compiled loader per <c>[UserLoader]</c>, <c>[RequestLoader]</c> and <c>[HeaderLoader]</c> method and a
/// module initializer that registers them, so <c>AddLogin</c> finds them with no hand wiring.
/// </summary>
internal static class LoaderEmitter
{
    public const string HintName = "Login.UserLoaders.g.cs";

    public static string Emit(LoaderRegistrationModel model)
    {
        var names = ClassNames(model);
        var writer = new CodeWriter();
        writer.Line(CodeWriter.Header.TrimEnd('\n'));
        // The web host runs the hosting startups its application's assembly names: Login's checks that the app called
        // AddLogin() whenever it maps guarded endpoints, also where nothing was woven (the Request Delegate Generator on).
        writer.Line("[assembly: global::Microsoft.AspNetCore.Hosting.HostingStartup(typeof(global::Login.CompilerServices.LoginHostingStartup))]");
        writer.Line();
        writer.Open("namespace Login.Generated");
        writer.Line(CodeWriter.GeneratedCode);
        writer.Open("internal static class LoginUserLoaderRegistration");
        writer.Line("#pragma warning disable CA2255 // registering before Main runs is the point");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        foreach (var name in names)
        {
            writer.Line($"global::Login.CompilerServices.UserLoaderRegistry.Register(new {name}());");
        }

        writer.Close();
        writer.Line("#pragma warning restore CA2255");
        writer.Close();

        for (var i = 0; i < model.Loaders.Count; i++)
        {
            writer.Line();
            EmitLoader(writer, model.Loaders[i], names[i]);
        }

        writer.Close();
        return writer.ToString();
    }

    /// <summary><c>UserLoader0</c>, <c>RequestLoader0</c>, <c>RequestLoader1</c>, …: numbered within each kind.</summary>
    private static string[] ClassNames(LoaderRegistrationModel model)
    {
        var names = new string[model.Loaders.Count];
        var counts = new Dictionary<LoaderKind, int>();
        for (var i = 0; i < names.Length; i++)
        {
            var kind = model.Loaders[i].Kind;
            counts.TryGetValue(kind, out var index);
            counts[kind] = index + 1;
            names[i] = $"{kind}Loader{index}";
        }

        return names;
    }

    private static void EmitLoader(CodeWriter writer, LoaderModel loader, string className)
    {
        var returnType = loader.Return switch
        {
            LoaderReturn.Task => $"global::System.Threading.Tasks.Task<{loader.UserType}?>",
            LoaderReturn.ValueTask => $"global::System.Threading.Tasks.ValueTask<{loader.UserType}?>",
            _ => loader.UserType + "?",
        };

        var (calledWith, contract, parameters) = loader.Kind switch
        {
            LoaderKind.Request => ("the request", "IRequestLoader", ""),
            LoaderKind.Header => ("the auth header's value", "IHeaderLoader", "string headerValue, "),
            _ => ("the stored id", "IUserLoader", "string id, "),
        };

        writer.Line($"/// <summary>Calls <see cref=\"{loader.ContainingType}.{loader.MethodName}\"/> with {calledWith} and the request's services.</summary>");
        writer.Line(CodeWriter.GeneratedCode);
        writer.Open($"file sealed class {className} : global::Login.CompilerServices.{contract}");
        writer.Line($"public global::System.Type UserType => typeof({loader.UserType});");
        writer.Line();
        writer.Open($"public global::System.Threading.Tasks.ValueTask<global::Login.IUser?> LoadAsync({parameters}global::Microsoft.AspNetCore.Http.HttpContext context)");
        var arguments = new List<string>();
        if (loader.Kind == LoaderKind.Header)
        {
            arguments.Add("headerValue");
        }
        else if (loader.Kind == LoaderKind.User)
        {
            var idArgument = "id";
            if (loader.IdType is not null)
            {
                writer.Open($"if (!global::Login.CompilerServices.LoginIds.TryParse<{loader.IdType}>(id, out var parsedId))");
                writer.Line("return default;");
                writer.Close();
                writer.Line();
                idArgument = "parsedId";
            }

            arguments.Add(idArgument);
        }

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
