using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Login.Generators.Diagnostics;

namespace Login.Generators.Tests;

/// <summary>
/// An IDE opens a diagnostic's help link with no repository around it, so every link is absolute, built from the one
/// repository address in Directory.Build.props, and lands on that diagnostic's section of docs/diagnostics.md.
/// </summary>
public class HelpLinkTests
{
    [Fact]
    public void Every_diagnostic_links_to_its_own_section_of_the_docs_in_the_repository_named_by_the_build()
    {
        var root = RepositoryRoot();
        var repositoryUrl = XDocument.Load(Path.Combine(root, "Directory.Build.props"))
            .Descendants("LoginRepositoryUrl").Single().Value.TrimEnd('/');
        Assert.StartsWith("https://", repositoryUrl);
        var docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));

        var descriptors = new LoginAnalyzer().SupportedDiagnostics;
        Assert.NotEmpty(descriptors);
        foreach (var descriptor in descriptors)
        {
            var expected = $"{repositoryUrl}/blob/main/docs/diagnostics.md#{descriptor.Id.ToLowerInvariant()}";
            Assert.Equal(expected, descriptor.HelpLinkUri);
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out _), descriptor.HelpLinkUri);
            Assert.Matches(new Regex($"<a id=\"{descriptor.Id.ToLowerInvariant()}\"></a>"), docs);
        }
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
