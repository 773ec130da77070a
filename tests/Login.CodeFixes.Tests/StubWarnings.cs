using Microsoft.CodeAnalysis.Testing;

namespace Login.CodeFixes.Tests;

/// <summary>
/// The warning LOGIN004's stub carries until it is written: each <c>#warning</c> line of a test's fixed code is expected
/// as compiler warning CS1030 with exactly that text, so a stub without it (or a stub with another text) fails the test.
/// </summary>
internal static class StubWarnings
{
    public const string Prefix = "#warning ";

    public static LoginFixTest<TFix> Expect<TFix>(string before, string after)
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        var test = new LoginFixTest<TFix> { TestCode = before, FixedCode = after };
        var lines = after.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                test.FixedState.ExpectedDiagnostics.Add(DiagnosticResult.CompilerWarning("CS1030")
                    .WithSpan(i + 1, Prefix.Length + 1, i + 1, line.Length + 1)
                    .WithArguments(line[Prefix.Length..]));
            }
        }

        return test;
    }
}
