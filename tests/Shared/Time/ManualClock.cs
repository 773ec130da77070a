using System.Globalization;

namespace Login.Testing.Time;

/// <summary>A clock the test moves by hand, to reach expiry without waiting (timers still run on real time).</summary>
/// <remarks>
/// Made without an instant, it starts at 2026-11-21 12:00Z, or at the instant in the <c>LOGIN_TEST_CLOCK</c> environment
/// variable (ISO 8601). <c>.ci/run</c> runs the runtime suite again with that set years before and years after the
/// machine's date, which fails any test that mixes the app's clock with the real one (a cookie jar judging expiry by
/// <c>DateTimeOffset.UtcNow</c> did). Made with an instant, it starts there, whatever the environment says.
/// </remarks>
public sealed class ManualClock : TimeProvider
{
    /// <summary>Where a clock made without an instant starts: <c>LOGIN_TEST_CLOCK</c>, or 2026-11-21 12:00Z.</summary>
    public static readonly DateTimeOffset Start = StartFromEnvironment() ?? new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A clock at <see cref="Start"/>.</summary>
    public ManualClock()
        : this(Start)
    {
    }

    /// <summary>A clock at <paramref name="start"/>.</summary>
    public ManualClock(DateTimeOffset start) => Now = start;

    /// <summary>The clock's instant; set it to jump, or use <see cref="Advance"/>.</summary>
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;

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
