using System.Collections.Generic;
using Login.Generators.Models;
using Microsoft.CodeAnalysis.CSharp;

namespace Login.Generators.Emitting;

/// <summary>Writes the <c>IUser</c> half of a <c>[LoginUser]</c> type.</summary>
internal static class UserTypeEmitter
{
    private const string ParameterMetadataProvider = "global::Microsoft.AspNetCore.Http.Metadata.IEndpointParameterMetadataProvider";

    public static string Emit(UserTypeModel model)
    {
        var writer = new CodeWriter();
        writer.Line(CodeWriter.Header.TrimEnd('\n'));
        if (model.Namespace.Length > 0)
        {
            writer.Open("namespace " + model.Namespace);
        }

        foreach (var containing in model.ContainingTypes)
        {
            writer.Open(containing);
        }

        var interfaces = model.StampFormat == StampFormat.None ? "global::Login.IUser" : "global::Login.IUser, global::Login.ISessionStamped";
        if (model.Claims.Count > 0)
        {
            interfaces += ", global::Login.CompilerServices.ILoginClaims";
        }

        if (model.WritesParameterMetadata)
        {
            interfaces += ", " + ParameterMetadataProvider;
        }

        writer.Open($"partial {model.Keyword} {model.Name} : {interfaces}");
        var first = true;
        void Member(params string[] lines)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Line(lines[0]);
            writer.Line(CodeWriter.GeneratedCode);
            for (var i = 1; i < lines.Length; i++)
            {
                writer.Line(lines[i]);
            }
        }

        switch (model.IdFormat)
        {
            case IdFormat.String:
                Member("/// <summary>The id Login stores in the session: <see cref=\"" + model.IdMember + "\"/>.</summary>",
                    "public string? GetId() => this." + model.IdMember + ";");
                break;
            case IdFormat.Formattable:
                Member("/// <summary>The id Login stores in the session: <see cref=\"" + model.IdMember + "\"/>, formatted with the invariant culture.</summary>",
                    "public string? GetId() => global::Login.CompilerServices.LoginIds.Format(this." + model.IdMember + ");");
                break;
            case IdFormat.Unusable:
                // The build fails on LOGIN002 or LOGIN003 until there is an id; this only keeps the rest of the program type-correct.
                var why = model.IdMember.Length == 0
                    ? $"{model.Name} has no id (LOGIN002)"
                    : $"the id {model.Name}.{model.IdMember} cannot round-trip through a string (LOGIN003)";
                Member($"/// <summary>Throws: {why}.</summary>",
                    $"public string? GetId() => throw new global::System.InvalidOperationException(\"Login cannot store this user: {why}.\");");
                break;
        }

        if (model.WritesIsActive)
        {
            Member("/// <summary>Every user of this type may log in; declare <c>IsActive</c> to decide per user.</summary>",
                "public bool IsActive => true;");
        }

        if (model.WritesIsAuthenticated)
        {
            Member("/// <summary>A real user passes login guards while active.</summary>",
                "public bool IsAuthenticated => this.IsActive;");
        }

        if (model.WritesIsAnonymous)
        {
            Member("/// <summary>Never true: only Login's anonymous user is anonymous.</summary>",
                "public bool IsAnonymous => false;");
        }

        if (model.WritesEquality)
        {
            Member("/// <summary>Users are equal when their ids are.</summary>",
                $"public override bool Equals(object? obj) => obj is {model.FullyQualifiedName} other && string.Equals(this.GetId(), other.GetId(), global::System.StringComparison.Ordinal);");
            Member("/// <inheritdoc/>",
                "public override int GetHashCode() => this.GetId() is { } id ? global::System.StringComparer.Ordinal.GetHashCode(id) : 0;");
        }

        if (model.StampMember is { } stamp)
        {
            var value = "this." + stamp;
            var text = model.StampFormat switch
            {
                StampFormat.String => value,
                StampFormat.Bytes => $"{value} is null ? null : global::System.Convert.ToBase64String({value})",
                StampFormat.Formattable => $"{value} is {{ }} stamp ? global::Login.CompilerServices.LoginIds.Format(stamp) : null",
                _ => $"{value}?.ToString()",
            };
            Member($"/// <summary>Sessions of this user end when <see cref=\"{stamp}\"/> changes.</summary>",
                $"string? global::Login.ISessionStamped.GetSessionStamp() => {text};");
        }

        if (model.Claims.Count > 0)
        {
            Member(ClaimsMethod(model));
        }

        if (model.WritesBindAsync)
        {
            Member("/// <summary>Binds a handler parameter of this type to the logged-in user (null when nobody is logged in).</summary>",
                $"public static global::System.Threading.Tasks.ValueTask<{model.FullyQualifiedName}?> BindAsync(global::Microsoft.AspNetCore.Http.HttpContext context)",
                $"    => global::Login.LoginHttpContextExtensions.GetCurrentUserAsync<{model.FullyQualifiedName}>(context);");
        }

        if (model.WritesParameterMetadata)
        {
            // ASP.NET Core calls it for each handler parameter of this type (RequestDelegateFactory, MVC), so the endpoint's
            // guard knows the handler needs a login of this user type. Explicit: nothing new on the user's type.
            Member("/// <summary>A handler parameter of this type needs a login of this user type: Login's guard reads it from the endpoint.</summary>",
                $"static void {ParameterMetadataProvider}.PopulateMetadata(global::System.Reflection.ParameterInfo parameter, global::Microsoft.AspNetCore.Builder.EndpointBuilder builder)",
                $"    => builder.Metadata.Add(new global::Login.CompilerServices.UserParameterMetadata(typeof({model.FullyQualifiedName})));");
        }

        writer.Close();
        foreach (var _ in model.ContainingTypes)
        {
            writer.Close();
        }

        if (model.Namespace.Length > 0)
        {
            writer.Close();
        }

        return writer.ToString();
    }

    /// <summary>
    /// <c>ILoginClaims.AddClaims</c>, one statement per <c>[LoginClaim]</c> member, each value read once into a local of
    /// its own (a property may compute it).
    /// </summary>
    private static string[] ClaimsMethod(UserTypeModel model)
    {
        const string Claim = "global::System.Security.Claims.Claim";
        var lines = new List<string>
        {
            "/// <summary>The claims of the [LoginClaim] members; null values make none.</summary>",
            $"void global::Login.CompilerServices.ILoginClaims.AddClaims(global::System.Collections.Generic.List<{Claim}> claims)",
            "{",
        };
        for (var i = 0; i < model.Claims.Count; i++)
        {
            var claim = model.Claims[i];
            var value = "__value" + i;
            var type = SymbolDisplay.FormatLiteral(claim.ClaimType, quote: true);
            if (i > 0)
            {
                lines.Add("");
            }

            lines.Add($"    if (this.{claim.Member} is {{ }} {value})");
            lines.Add("    {");
            switch (claim.Kind)
            {
                case ClaimKind.String:
                    lines.Add($"        claims.Add(new {Claim}({type}, {value}));");
                    break;
                case ClaimKind.Enum:
                    lines.Add($"        claims.Add(new {Claim}({type}, {value}.ToString()));");
                    break;
                default:
                    lines.Add($"        foreach (var __item in {value})");
                    lines.Add("        {");
                    lines.Add("            if (__item is not null)");
                    lines.Add("            {");
                    lines.Add($"                claims.Add(new {Claim}({type}, __item));");
                    lines.Add("            }");
                    lines.Add("        }");
                    break;
            }

            lines.Add("    }");
        }

        lines.Add("}");
        return lines.ToArray();
    }
}
