using System.Globalization;

namespace Login.Tests;

/// <summary>A clock the test moves by hand, to reach expiry without waiting.</summary>
/// <remarks>
/// It starts at 2026-11-21 12:00Z, or at the instant in the <c>LOGIN_TEST_CLOCK</c> environment variable (ISO 8601).
/// <c>.ci/run</c> runs this suite again with that set years before and years after the machine's date, which fails any
/// test that mixes the app's clock with the real one (a cookie jar judging expiry by <c>DateTimeOffset.UtcNow</c> did).
/// </remarks>
public sealed class ManualClock : TimeProvider
{
    public static readonly DateTimeOffset Start = StartFromEnvironment() ?? new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = Start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    private static DateTimeOffset? StartFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("LOGIN_TEST_CLOCK");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? start.ToUniversalTime()
            : throw new InvalidOperationException($"LOGIN_TEST_CLOCK is \"{text}\", which is not an instant such as 2031-06-01T00:00:00Z.");
    }
}
