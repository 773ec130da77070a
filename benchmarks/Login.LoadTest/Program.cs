// The load test's app (see benchmarks/load/run.sh). Two modes, one app:
//   serve: --port P --keys DIR --users N              Kestrel on 127.0.0.1:P
//   mint:  --mint OUT --keys DIR --users N --user-agent UA   writes OUT/sessions.txt and OUT/cookie-auth.txt, then exits
// Minting is a separate process so that the serving process's memory figures (VmHWM) do not include a million cookies.
using Login.LoadTest;
using Microsoft.AspNetCore.DataProtection;

var app = LoadTestApp.Build(args);
var mintTo = app.Configuration["mint"];
if (mintTo is not null)
{
    var userAgent = app.Configuration["user-agent"] ?? throw new ArgumentException("--user-agent is required: sessions are bound to it.");
    await CookieMinter.MintAsync(app.Services, mintTo, Users.Count, userAgent, Console.Out);
    return;
}

// Make the key ring now, before anyone can ask for a cookie: the minting process must find this key on disk, not make its own.
app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Login.LoadTest.Startup").Protect([1]);
await app.RunAsync();
