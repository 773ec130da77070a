// The load test's app (see benchmarks/load/run.sh). One app, four modes:
//   serve: --port P --keys DIR --users N [--store memory|postgres --postgres CS]   Kestrel on 127.0.0.1:P
//   mint:  --mint OUT --keys DIR --users N --user-agent UA                          writes OUT/sessions.txt and OUT/cookie-auth.txt, then exits
//   mint with a database: --mint OUT --store postgres --postgres CS (or --store sqlite --sqlite FILE --keys DIR) --port 0
//          --users N --ended E --user-agent UA
//          a second instance of the app logs N users in over HTTP (real login records in the store), logs E more in
//          and out (endings the served instance hears of), and writes OUT/ended.txt and OUT/canary.txt as well
//   end:   --end-session ID --store postgres|sqlite ...                             ends one login, as an admin tool would
// Minting is a separate process so that the serving process's memory figures (VmHWM) do not include a million cookies.
using System.Globalization;
using Login;
using Login.LoadTest;
using Microsoft.AspNetCore.DataProtection;

var app = LoadTestApp.Build(args);
var mintTo = app.Configuration["mint"];
if (mintTo is not null)
{
    var userAgent = app.Configuration["user-agent"] ?? throw new ArgumentException("--user-agent is required: sessions are bound to it.");
    if (LoadTestApp.UsesDatabase(app))
    {
        var ended = int.Parse(app.Configuration["ended"] ?? "0", CultureInfo.InvariantCulture);
        LoadTestApp.MapLoginEndpoints(app);
        await CookieMinter.MintByLoggingInAsync(app, mintTo, Users.Count, ended, userAgent, Console.Out);
    }
    else
    {
        await CookieMinter.MintAsync(app.Services, mintTo, Users.Count, userAgent, Console.Out);
    }

    return 0;
}

var endSession = app.Configuration["end-session"];
if (endSession is not null)
{
    // Through the store only: the served instance learns of it as it would of a logout on another instance.
    var ended = await app.Services.GetRequiredService<ILoginSessions>().EndAsync(endSession);
    Console.WriteLine(ended ? $"ended login {endSession}" : $"login {endSession} was not live");
    return ended ? 0 : 1;
}

// Make the key ring now, before anyone can ask for a cookie: the minting process must find this key on disk (or in the
// database), not make its own.
app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Login.LoadTest.Startup").Protect([1]);
await app.RunAsync();
return 0;
