using System.Runtime.CompilerServices;

namespace Login.Generators.Tests;

/// <summary>
/// Compares generated code with a checked-in <c>Golden/*.verified.cs</c> file. On a mismatch the new text is written
/// beside it as <c>*.received.cs</c>. To accept new output, run the tests with <c>LOGIN_ACCEPT_GOLDEN=1</c>: the
/// verified files are rewritten and the tests fail once, so nobody merges with the switch on.
/// </summary>
internal static class GoldenFile
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        if (Check(actual, name, callerFile) is { } failure)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>Like <see cref="Verify"/>, but returns the failure instead of throwing, so every file of a run gets written.</summary>
    public static string? Check(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden");
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("LOGIN_ACCEPT_GOLDEN") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return $"Accepted {verified}. Run again without LOGIN_ACCEPT_GOLDEN to check it.";
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return null;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        return expected is null
            ? $"No golden file {verified}; the output is in {received}. Review it, then accept with LOGIN_ACCEPT_GOLDEN=1."
            : $"Generated code differs from {verified}; see {received} (diff the two). Accept with LOGIN_ACCEPT_GOLDEN=1 if the change is intended.";
    }
}
