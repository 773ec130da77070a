using System.Reflection;

namespace Login.Generators;

/// <summary>
/// What the build stamped into this assembly (<c>AssemblyMetadata</c> items in Login.Generators.csproj, from
/// Directory.Build.props): the package's version and the repository its documentation lives in.
/// </summary>
internal static class BuildInfo
{
    /// <summary>The repository's address, without a trailing slash (<c>LoginRepositoryUrl</c>).</summary>
    public static readonly string RepositoryUrl = Read("LoginRepositoryUrl", "").TrimEnd('/');

    /// <summary>The absolute address of a section of a document in the repository's docs folder, on its main branch.</summary>
    public static string DocsLink(string documentAndAnchor) => RepositoryUrl + "/blob/main/docs/" + documentAndAnchor;

    public static string Read(string key, string fallback)
    {
        foreach (var metadata in typeof(BuildInfo).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false))
        {
            if (metadata is AssemblyMetadataAttribute { Value: { Length: > 0 } value } attribute && attribute.Key == key)
            {
                return value;
            }
        }

        return fallback;
    }
}
