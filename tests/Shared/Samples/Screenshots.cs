using System.Globalization;
using Microsoft.Playwright;

namespace Login.Testing.Samples;

/// <summary>
/// One PNG per page of a journey, numbered in the order they were taken, under
/// <c>screenshots/&lt;journey&gt;/</c> in the test output folder, so a person can look at what the browser saw.
/// </summary>
public sealed class Screenshots
{
    private int _taken;

    public Screenshots(string journey)
    {
        Directory = new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "screenshots", journey));
        if (Directory.Exists)
        {
            Directory.Delete(recursive: true); // the last run's pictures would mix with this run's
        }

        Directory.Create();
    }

    public DirectoryInfo Directory { get; }

    /// <summary>Saves the whole page, e.g. <c>07-account.png</c>, and returns the file's path.</summary>
    public async Task<string> TakeAsync(IPage page, string name)
    {
        var number = Interlocked.Increment(ref _taken).ToString("00", CultureInfo.InvariantCulture);
        var path = Path.Combine(Directory.FullName, $"{number}-{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }
}
