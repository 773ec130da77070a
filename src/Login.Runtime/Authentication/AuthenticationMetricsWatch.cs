using System.Diagnostics.Metrics;

namespace Login.Authentication;

/// <summary>
/// Whether anyone listens to ASP.NET Core's <c>aspnetcore.authentication.authenticate.duration</c> metric of this app
/// (OpenTelemetry, <c>dotnet-counters</c>, a <see cref="MeterListener"/>): while someone does, or while the instrument has
/// not been seen yet, <see cref="LoginAuthenticationService"/> lets ASP.NET Core's service authenticate, so the metric
/// misses nothing. It watches the instrument without listening to it: an instrument is enabled only by a listener that
/// asks for its measurements, which this one never does.
/// </summary>
internal sealed class AuthenticationMetricsWatch : IDisposable
{
    // ASP.NET Core's names (Microsoft.AspNetCore.Authentication's AuthenticationMetrics). Were they to change, the
    // instrument would never be seen and every authentication would go through ASP.NET Core's service, as without Login.
    internal const string MeterName = "Microsoft.AspNetCore.Authentication";
    internal const string AuthenticateDuration = "aspnetcore.authentication.authenticate.duration";

    private readonly MeterListener _listener;
    private volatile Instrument? _authenticate;

    public AuthenticationMetricsWatch(IMeterFactory meterFactory)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                // This app's instrument only: its meter factory is the meter's scope (another app in the process has its own).
                if (instrument.Name == AuthenticateDuration && instrument.Meter.Name == MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    _authenticate = instrument;
                }
            },
        };
        _listener.Start();
    }

    /// <summary><c>true</c> while the metric is listened to, or not yet made (ASP.NET Core makes it with its first service).</summary>
    public bool AuthenticateListened => _authenticate is not { Enabled: false };

    public void Dispose() => _listener.Dispose();
}
