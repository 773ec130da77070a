using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>The totals of one app's Login counters, from the moment this is created.</summary>
public sealed class MeterTotals : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly MeterListener _listener;

    public MeterTotals(TestApp app)
    {
        // Only this app's meter: other tests' apps run in parallel and count on meters of the same name.
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Login" && instrument.Meter.Scope == meterFactory)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        _listener.Start();
    }

    public long this[string counter] => _totals.GetValueOrDefault(counter);

    public void Dispose() => _listener.Dispose();
}
