using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Login.Tests;

/// <summary>
/// What the authentication middleware's per-request work for Login shares between requests (issue 17's lazy
/// <c>HttpContext.User</c>, issue 20's guarded hot path): the scheme provider's answers and the ticket's properties. Each
/// shared thing is shown shared, and shown to carry nothing from one request, or one user, into another.
/// </summary>
public class AuthenticationHotPathTests
{
    [Fact]
    public async Task The_scheme_provider_answers_each_question_with_the_same_completed_task()
    {
        await using var app = await StartAsync();
        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        Assert.Same(await schemes.GetDefaultAuthenticateSchemeAsync(), await schemes.GetSchemeAsync(LoginDefaults.AuthenticationScheme));
        Assert.Same(schemes.GetDefaultAuthenticateSchemeAsync(), schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Same(schemes.GetSchemeAsync(LoginDefaults.AuthenticationScheme), schemes.GetSchemeAsync(LoginDefaults.AuthenticationScheme));
        Assert.Same(schemes.GetRequestHandlerSchemesAsync(), schemes.GetRequestHandlerSchemesAsync());
        Assert.Same(schemes.GetAllSchemesAsync(), schemes.GetAllSchemesAsync());
    }

    [Fact]
    public async Task A_scheme_added_or_removed_while_the_app_runs_is_seen_at_once()
    {
        await using var app = await StartAsync();
        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        // Every answer asked for (and cached) before the change.
        Assert.Null(await schemes.GetSchemeAsync("later"));
        Assert.Empty(await schemes.GetRequestHandlerSchemesAsync());
        var before = (await schemes.GetAllSchemesAsync()).Count();

        schemes.AddScheme(new AuthenticationScheme("later", null, typeof(RequestHandler)));

        Assert.Equal("later", (await schemes.GetSchemeAsync("later"))?.Name);
        Assert.Equal(["later"], (await schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name));
        Assert.Equal(before + 1, (await schemes.GetAllSchemesAsync()).Count());

        schemes.RemoveScheme("later");

        Assert.Null(await schemes.GetSchemeAsync("later"));
        Assert.Empty(await schemes.GetRequestHandlerSchemesAsync());
        Assert.Equal(before, (await schemes.GetAllSchemesAsync()).Count());
        Assert.False(schemes.TryAddScheme(new AuthenticationScheme(LoginDefaults.AuthenticationScheme, null, typeof(RequestHandler))));
        Assert.Equal(typeof(Authentication.LoginAuthenticationHandler), (await schemes.GetSchemeAsync(LoginDefaults.AuthenticationScheme))?.HandlerType);
    }

    [Fact]
    public async Task A_scheme_provider_the_app_registered_itself_is_kept_whether_before_or_after_AddLogin()
    {
        await using var before = await StartAsync(services: s => s.AddSingleton<IAuthenticationSchemeProvider, AppSchemeProvider>());
        Assert.IsType<AppSchemeProvider>(before.Services.GetRequiredService<IAuthenticationSchemeProvider>());
        Assert.Equal("anonymous", (await before.NewBrowser().GetAsync("/who")).Body);

        var after = new ServiceCollection();
        after.AddLogin();
        after.AddSingleton<IAuthenticationSchemeProvider, AppSchemeProvider>();
        await using var services = after.BuildServiceProvider();
        Assert.IsType<AppSchemeProvider>(services.GetRequiredService<IAuthenticationSchemeProvider>());

        var plain = new ServiceCollection();
        plain.AddLogin();
        plain.AddAuthentication(); // the app's own AddAuthentication() after AddLogin(): adds nothing, takes nothing away
        await using var plainServices = plain.BuildServiceProvider();
        Assert.Equal("CachingAuthenticationSchemeProvider", plainServices.GetRequiredService<IAuthenticationSchemeProvider>().GetType().Name);
    }

    [Fact]
    public async Task An_app_with_a_cookie_scheme_of_its_own_authenticates_with_it_through_the_shared_answers()
    {
        await using var app = await StartAsync(services: s =>
            s.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.Events.OnRedirectToLogin = c =>
            {
                c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }));
        var browser = app.NewBrowser();

        await browser.GetAsync("/cookie-sign-in/5");
        var first = await browser.GetAsync("/who");
        var second = await browser.GetAsync("/who");

        Assert.Equal("5 via Cookies", first.Body);
        Assert.Equal("5 via Cookies", second.Body);
        Assert.Equal("anonymous", (await app.NewBrowser().GetAsync("/who")).Body);
    }

    [Fact]
    public async Task A_Login_ticket_has_empty_properties_and_writing_to_them_is_refused_with_an_explanation()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        var response = await browser.GetAsync("/write-properties?value=1");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("refused: The properties of a Login authentication ticket are shared by every request and read-only", response.Body);
        Assert.Equal("items=0 parameters=0 persistent=False expires=", (await browser.GetAsync("/properties")).Body);
    }

    [Fact]
    public async Task Attacker_one_users_request_cannot_leave_anything_in_the_ticket_of_another_users_request()
    {
        await using var app = await StartAsync();
        var attacker = app.NewBrowser();
        await attacker.GetAsync("/login/1");
        var victim = app.NewBrowser();
        await victim.GetAsync("/login/3");

        // The attacker tries every way in: the items, the parameters, and the typed setters over the items.
        await attacker.GetAsync("/write-properties?value=1");
        var victims = await victim.GetAsync("/properties");
        var whoVictim = await victim.GetAsync("/who");
        var whoAttacker = await attacker.GetAsync("/who");

        Assert.Equal("items=0 parameters=0 persistent=False expires=", victims.Body);
        Assert.Equal("3 via Login", whoVictim.Body);
        Assert.Equal("1 via Login", whoAttacker.Body);
    }

    [Fact]
    public async Task Attacker_requests_alternating_between_two_users_and_nobody_each_get_their_own_user()
    {
        await using var app = await StartAsync();
        var one = app.NewBrowser();
        await one.GetAsync("/login/1");
        var two = app.NewBrowser();
        await two.GetAsync("/login/3");
        var nobody = app.NewBrowser();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("1 via Login", (await one.GetAsync("/who")).Body);
            Assert.Equal("anonymous", (await nobody.GetAsync("/who")).Body);
            Assert.Equal("3 via Login", (await two.GetAsync("/who")).Body);
            Assert.Equal("anonymous", (await nobody.GetAsync("/who", null, ("Cookie", "unrelated=1"))).Body);
        }
    }

    [Fact]
    public async Task The_handler_provider_hands_each_request_its_own_initialized_handler_once_per_scheme()
    {
        var handlers = new List<IAuthenticationHandler?>();
        await using var app = await TestApp.StartAsync(
            services: s =>
            {
                s.AddAuthentication().AddCookie();
                s.Configure<AuthenticationOptions>(o => o.AddScheme<SlowToInitializeHandler>("slow", null));
            },
            map: app => app.MapGet("/handlers", async (HttpContext http) =>
            {
                var provider = http.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
                foreach (var scheme in new[] { LoginDefaults.AuthenticationScheme, "Cookies", "slow", LoginDefaults.AuthenticationScheme, "Cookies", "slow" })
                {
                    handlers.Add(await provider.GetHandlerAsync(http, scheme));
                }

                handlers.Add(await provider.GetHandlerAsync(http, "no such scheme"));
                return provider.GetType().Name;
            }));

        Assert.Equal("RequestHandlerProvider", (await app.NewBrowser().GetAsync("/handlers")).Body);
        await app.NewBrowser().GetAsync("/handlers");

        var (first, second) = (handlers[..7], handlers[7..]);
        foreach (var request in new[] { first, second })
        {
            Assert.IsType<Login.Authentication.LoginAuthenticationHandler>(request[0]);
            Assert.IsType<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationHandler>(request[1]);
            var slow = Assert.IsType<SlowToInitializeHandler>(request[2]);
            Assert.Equal(1, slow.Initialized); // initialized once, before anyone got it, though it finished later
            Assert.Same(request[0], request[3]);
            Assert.Same(request[1], request[4]);
            Assert.Same(request[2], request[5]);
            Assert.Null(request[6]);
        }

        // A handler holds its request: never handed to another one.
        Assert.All(Enumerable.Range(0, 3), i => Assert.NotSame(first[i], second[i]));
    }

    [Fact]
    public async Task A_handler_provider_the_app_registered_itself_is_kept_whether_before_or_after_AddLogin()
    {
        await using var before = await StartAsync(services: s => s.AddScoped<IAuthenticationHandlerProvider, AppHandlerProvider>());
        Assert.Equal("1 via Login", await LoggedInWhoAsync(before));
        using (var scope = before.Services.CreateScope())
        {
            Assert.IsType<AppHandlerProvider>(scope.ServiceProvider.GetRequiredService<IAuthenticationHandlerProvider>());
        }

        var after = new ServiceCollection();
        after.AddLogin();
        after.AddScoped<IAuthenticationHandlerProvider, AppHandlerProvider>();
        await using var services = after.BuildServiceProvider();
        using var afterScope = services.CreateScope();
        Assert.IsType<AppHandlerProvider>(afterScope.ServiceProvider.GetRequiredService<IAuthenticationHandlerProvider>());

        static async Task<string> LoggedInWhoAsync(TestApp app)
        {
            var browser = app.NewBrowser();
            await browser.GetAsync("/login/1");
            return (await browser.GetAsync("/who")).Body;
        }
    }

    [Fact]
    public async Task Login_authenticates_its_own_scheme_without_ASP_NET_Cores_service_when_nothing_would_see_the_difference()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        // The app's first authentication is ASP.NET Core's: its service makes the metric whose listeners Login watches.
        Assert.Equal("anonymous; framework service: True", (await browser.GetAsync("/service")).Body);

        // The middleware's authentication, the endpoint's default one and its one naming the scheme: none needed it.
        Assert.Equal("anonymous; framework service: False", (await browser.GetAsync("/service")).Body);
        await browser.GetAsync("/login/1");
        Assert.Equal("1 via Login, the same principal three times; framework service: False", (await browser.GetAsync("/service")).Body);
        // Everything but authentication is ASP.NET Core's: a challenge of the Login scheme still lands on the login view.
        var challenged = await app.NewBrowser().GetAsync("/challenge");
        Assert.Equal(HttpStatusCode.Redirect, challenged.Status);
        Assert.StartsWith("/login?next=", challenged.Location);
    }

    [Fact]
    public async Task Attacker_a_session_cookie_copied_before_logout_is_nobody_on_the_direct_path()
    {
        await using var app = await StartAsync();
        var victim = app.NewBrowser();
        await victim.GetAsync("/service"); // the app's first authentication (ASP.NET Core's service makes its metric)
        await victim.GetAsync("/login/1");
        var copied = new Dictionary<string, string>(victim.Cookies);
        Assert.Equal("1 via Login, the same principal three times; framework service: False", (await victim.GetAsync("/service")).Body);

        await victim.GetAsync("/logout");
        var attacker = app.NewBrowser();
        foreach (var (name, value) in copied)
        {
            attacker.Cookies[name] = value;
        }

        Assert.Equal("anonymous; framework service: False", (await attacker.GetAsync("/service")).Body);
        Assert.Equal("anonymous; framework service: False", (await victim.GetAsync("/service")).Body);
    }

    [Fact]
    public async Task A_claims_transformation_of_the_apps_own_still_runs_and_the_roles_it_adds_authorize()
    {
        var transformation = new RoleTransformation("transformed");
        await using var app = await StartAsync(services: s => s.AddSingleton<IClaimsTransformation>(transformation));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        var response = await browser.GetAsync("/transformed");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("in, role transformed: True; framework service: True", response.Body);
        Assert.True(transformation.Calls > 0);
    }

    [Fact]
    public async Task ASP_NET_Cores_authenticate_metric_measures_Login_requests_whenever_someone_listens()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        Assert.EndsWith("framework service: False", (await browser.GetAsync("/service")).Body); // nobody listens yet

        var meterFactory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var measured = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Name: "aspnetcore.authentication.authenticate.duration", Meter.Name: "Microsoft.AspNetCore.Authentication" }
                    && instrument.Meter.Scope == meterFactory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? scheme = null, result = null;
            foreach (var tag in tags)
            {
                (scheme, result) = tag.Key switch
                {
                    "aspnetcore.authentication.scheme" => ((string?)tag.Value, result),
                    "aspnetcore.authentication.result" => (scheme, (string?)tag.Value),
                    _ => (scheme, result),
                };
            }

            measured.Enqueue($"{scheme}:{result}");
        });
        listener.Start();

        Assert.EndsWith("framework service: True", (await browser.GetAsync("/service")).Body);
        Assert.Equal("anonymous; framework service: True", (await app.NewBrowser().GetAsync("/service")).Body);

        // Each request: the middleware's, the endpoint's default (ASP.NET Core tags the scheme as asked: none) and its named
        // authentication, each measured.
        Assert.Equal(["Login:success", ":success", "Login:success", "Login:none", ":none", "Login:none"], measured);

        listener.Dispose();
        Assert.EndsWith("framework service: False", (await browser.GetAsync("/service")).Body); // and direct again once nobody listens
    }

    [Fact]
    public async Task A_handler_whose_scheme_arrives_later_is_awaited_and_answers_for_its_own_user()
    {
        // The app's own scheme provider answers asynchronously, so the request's Login handler is ready only later.
        await using var app = await StartAsync(services: s => s.AddSingleton<IAuthenticationSchemeProvider, LateSchemeProvider>());
        var one = app.NewBrowser();
        await one.GetAsync("/login/1");
        var three = app.NewBrowser();
        await three.GetAsync("/login/3");

        for (var i = 0; i < 2; i++)
        {
            // The default-scheme call goes to ASP.NET Core's service (the default is not known at once); the others do not need it.
            Assert.Equal("1 via Login, the same principal three times; framework service: True", (await one.GetAsync("/service")).Body);
            Assert.Equal("3 via Login, the same principal three times; framework service: True", (await three.GetAsync("/service")).Body);
            Assert.Equal("anonymous; framework service: True", (await app.NewBrowser().GetAsync("/service")).Body);
        }
    }

    [Fact]
    public async Task An_authentication_service_the_app_registered_itself_is_kept_whether_before_or_after_AddLogin()
    {
        await using var before = await StartAsync(services: s => s.AddScoped<IAuthenticationService, AppAuthenticationService>());
        var browser = before.NewBrowser();
        await browser.GetAsync("/login/1");
        Assert.Equal("1 via Login, the same principal three times; framework service: AppAuthenticationService", (await browser.GetAsync("/service")).Body);

        var after = new ServiceCollection();
        after.AddLogin();
        after.AddScoped<IAuthenticationService, AppAuthenticationService>();
        await using var services = after.BuildServiceProvider();
        using var scope = services.CreateScope();
        Assert.IsType<AppAuthenticationService>(scope.ServiceProvider.GetRequiredService<IAuthenticationService>());
    }

    private static Task<TestApp> StartAsync(Action<IServiceCollection>? services = null) => TestApp.StartAsync(
        services: services,
        map: app =>
        {
            app.Services.GetRequiredService<UserDirectory>().Users[3] = new TestUser { Id = 3 }; // user 2 is inactive
            app.MapGet("/who", async (HttpContext http) =>
            {
                var result = await http.AuthenticateAsync();
                return http.User.Identity is { IsAuthenticated: true } identity
                    ? $"{identity.Name ?? http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value} via {result.Ticket?.AuthenticationScheme}"
                    : "anonymous";
            });
            app.MapGet("/service", async (HttpContext http) =>
            {
                var byDefault = await http.AuthenticateAsync();
                var byName = await http.AuthenticateAsync(LoginDefaults.AuthenticationScheme);
                var service = http.RequestServices.GetRequiredService<IAuthenticationService>();
                var framework = service is Login.Authentication.LoginAuthenticationService login
                    ? login.FrameworkServiceCreated.ToString()
                    : service.GetType().Name;
                if (http.User.Identity is not { IsAuthenticated: true } identity)
                {
                    return $"anonymous; framework service: {framework}";
                }

                var same = ReferenceEquals(http.User, byDefault.Principal) && ReferenceEquals(byDefault.Principal, byName.Principal)
                    ? "the same principal three times"
                    : "different principals";
                return $"{identity.Name} via {byName.Ticket?.AuthenticationScheme}, {same}; framework service: {framework}";
            });
            app.MapGet("/challenge", (HttpContext http) => http.ChallengeAsync(LoginDefaults.AuthenticationScheme));
            app.MapGet("/transformed", [Microsoft.AspNetCore.Authorization.Authorize(Roles = "transformed")] async (HttpContext http) =>
            {
                await http.AuthenticateAsync(LoginDefaults.AuthenticationScheme);
                var service = (Login.Authentication.LoginAuthenticationService)http.RequestServices.GetRequiredService<IAuthenticationService>();
                return $"in, role transformed: {http.User.IsInRole("transformed")}; framework service: {service.FrameworkServiceCreated}";
            });
            app.MapGet("/cookie-sign-in/{id:int}", async (HttpContext http, int id) =>
            {
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new System.Security.Claims.ClaimsPrincipal(
                    new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Name, $"{id}")], CookieAuthenticationDefaults.AuthenticationScheme)));
                return "signed in";
            });
            app.MapGet("/properties", async (HttpContext http) =>
            {
                var properties = (await http.AuthenticateAsync()).Properties!;
                return $"items={properties.Items.Count} parameters={properties.Parameters.Count} persistent={properties.IsPersistent} expires={properties.ExpiresUtc}";
            });
            app.MapGet("/write-properties", async (HttpContext http, string value) =>
            {
                var properties = (await http.AuthenticateAsync()).Properties!;
                var refusals = new List<string>();
                foreach (var write in new Action[]
                {
                    () => properties.Items["owner"] = value,
                    () => properties.Parameters["owner"] = value,
                    () => properties.IsPersistent = true,
                    () => properties.ExpiresUtc = DateTimeOffset.UnixEpoch,
                    () => properties.Items.Clear(),
                })
                {
                    try
                    {
                        write();
                    }
                    catch (InvalidOperationException e)
                    {
                        refusals.Add(e.Message);
                    }
                }

                return refusals.Count == 5 ? "refused: " + refusals[0] : $"only {refusals.Count} of 5 writes refused";
            });
        });

    /// <summary>An app's own scheme provider: Login must not take its place.</summary>
    private sealed class AppSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options);

    /// <summary>An app's own scheme provider whose every answer completes later.</summary>
    private sealed class LateSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
    {
        public override async Task<AuthenticationScheme?> GetSchemeAsync(string name)
        {
            await Task.Yield();
            return await base.GetSchemeAsync(name);
        }
    }

    /// <summary>A scheme that handles requests itself (as remote authentication does): listed among the request handlers.</summary>
    private sealed class RequestHandler : IAuthenticationRequestHandler
    {
        public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

        public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task<bool> HandleRequestAsync() => Task.FromResult(false);

        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context) => Task.CompletedTask;
    }

    /// <summary>An app's own authentication service: Login must not take its place.</summary>
    private sealed class AppAuthenticationService(
        IAuthenticationSchemeProvider schemes, IAuthenticationHandlerProvider handlers, IClaimsTransformation transform, IOptions<AuthenticationOptions> options)
        : AuthenticationService(schemes, handlers, transform, options);

    /// <summary>A claims transformation that adds a role to a copy of the principal, as ASP.NET Core's docs advise.</summary>
    private sealed class RoleTransformation(string role) : IClaimsTransformation
    {
        private int _calls;

        public int Calls => _calls;

        public Task<System.Security.Claims.ClaimsPrincipal> TransformAsync(System.Security.Claims.ClaimsPrincipal principal)
        {
            Interlocked.Increment(ref _calls);
            var copy = principal.Clone();
            ((System.Security.Claims.ClaimsIdentity)copy.Identity!).AddClaim(new(System.Security.Claims.ClaimTypes.Role, role));
            return Task.FromResult(copy);
        }
    }

    /// <summary>An app's own handler provider: Login must not take its place.</summary>
    private sealed class AppHandlerProvider(IAuthenticationSchemeProvider schemes) : AuthenticationHandlerProvider(schemes);

    /// <summary>A handler whose initialization completes asynchronously, counting its initializations.</summary>
    private sealed class SlowToInitializeHandler : IAuthenticationHandler
    {
        public int Initialized { get; private set; }

        public async Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
        {
            await Task.Yield();
            Initialized++;
        }

        public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

        public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
    }
}
