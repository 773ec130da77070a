using Xunit;

namespace Login.Tour.Tests;

/// <summary>
/// A walk through the README's tour in Chromium. It needs the tour running, which only <c>.ci/tour-smoke</c> (called by
/// <c>.ci/package-smoke</c>) arranges: it builds the README's code on the packed package in a fresh app outside the
/// repository and passes its address in <c>LOGIN_TOUR_URL</c>. Without that address (a plain <c>dotnet test Login.sln</c>)
/// the walk is skipped with a message that says how to run it; with it, a missing browser skips only on a developer
/// machine and fails under <c>CI=true</c>, and the smoke script fails on any skip.
/// </summary>
public sealed class TourFactAttribute : FactAttribute
{
    public TourFactAttribute()
    {
        if (RunningTour.Address is null)
        {
            Skip = $"The tour is not running: run 'bash .ci/tour-smoke', which builds README.md's tour and sets {RunningTour.AddressVariable}.";
        }
        else if (!DebianChromium.IsInstalled && !DebianChromium.IsRequired)
        {
            Skip = DebianChromium.MissingMessage;
        }
    }
}
