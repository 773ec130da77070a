using Microsoft.CodeAnalysis;

namespace Login.CodeFixes.Tests;

/// <summary>
/// Issue 19's fix chain: a newcomer's mistaken projects, each fixed as <c>dotnet format</c> fixes it (the first fix offered,
/// again and again, until nothing is left to fix; in either order of diagnostics), must end compiling with no errors and
/// no warnings but the <c>#warning</c> of a loader stub where a stub was the only option, with none of Login's
/// diagnostics left, and (the ones marked runnable) answering their guarded page in process: refused anonymously, served
/// to the user who logged in, which only works if the id the fixes chose goes into the cookie and back out through the
/// loader.
/// </summary>
public class FixChainTests
{
    /// <summary>As <c>dotnet new web</c>'s implicit usings.</summary>
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    /// <summary>
    /// The app around a runnable project's user type: a guarded page at <c>/me</c> (written without
    /// <c>[LoginRequired]</c>: LOGIN007's fix adds it) and <c>GET /login/{email}</c>, which logs in <c>People.ByEmail</c>.
    /// </summary>
    private static string App(string user) => $$"""
        using Login;

        namespace Shop;

        public static class App
        {
            public static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder> configure)
            {
                var builder = WebApplication.CreateSlimBuilder();
                configure(builder);
                builder.Services.AddLogin(o =>
                {
                    o.LoginView = "/login";
                    o.UserType = typeof({{user}}); // each project's user type is registered in this one test process
                });
                var app = builder.Build();
                app.UseLogin();
                app.MapGet("/me", ({{user}} user) => $"hello {user.Email}");
                app.MapGet("/login/{email}", async (HttpContext http, string email) =>
                    People.ByEmail(email) is { } user && await http.LoginUserAsync(user) ? "logged in" : "unknown");
                await app.StartAsync();
                return app;
            }
        }
        """;

    /// <summary>A mistaken project: its files, what the fixed files must say, the stubs it must end with, and whether it runs.</summary>
    public sealed record Mistaken(string Name, (string Path, string Source)[] Files, string[] FixedSays, string[] Stubs, string? LogsIn);

    private static readonly Mistaken[] Projects =
    [
        new("not partial, nested in a class that is not partial either",
            [("Accounts.cs", """
                using Login;

                namespace Shop;

                public static class Accounts
                {
                    [LoginUser]
                    public class Member
                    {
                        public int Id { get; init; }
                        public string Email { get; init; } = "";
                    }
                }

                public static class People
                {
                    public static readonly List<Accounts.Member> All = [new() { Id = 1, Email = "ann@example.com" }];

                    public static Accounts.Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);

                    [UserLoader]
                    public static Accounts.Member? Load(int id) => All.FirstOrDefault(m => m.Id == id);
                }
                """), ("App.cs", App("Accounts.Member"))],
            ["public static partial class Accounts", "public partial class Member", "app.MapGet(\"/me\", [LoginRequired] (Accounts.Member user)"],
            [],
            "ann@example.com"),

        new("no id, a loader taking an int",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public string Email { get; init; } = "";
                }

                public static class Members
                {
                    private static readonly Dictionary<int, Member> ById = [];

                    [UserLoader]
                    public static Member? Load(int id) => ById.GetValueOrDefault(id);
                }
                """)],
            ["public int Id { get; init; }"],
            [],
            null),

        new("no id, a loader taking a Guid",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public string Email { get; init; } = "";
                }

                public static class Members
                {
                    private static readonly Dictionary<Guid, Member> ById = [];

                    [UserLoader]
                    public static Task<Member?> LoadAsync(Guid id) => Task.FromResult(ById.GetValueOrDefault(id));
                }
                """)],
            ["public Guid Id { get; init; }"],
            [],
            null),

        new("no id, a loader taking a string",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public string Email { get; init; } = "";
                }

                public static class Members
                {
                    private static readonly Dictionary<string, Member> ById = [];

                    [UserLoader]
                    public static Member? Load(string id) => ById.GetValueOrDefault(id);
                }
                """)],
            ["public string Id { get; init; } = \"\";"],
            [],
            null),

        new("no id, a loader taking a Guid, and a Guid MemberId",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public Guid MemberId { get; init; }
                    public string Email { get; init; } = "";
                }

                public static class People
                {
                    public static readonly List<Member> All = [new() { MemberId = Guid.NewGuid(), Email = "bob@example.com" }];

                    public static Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);

                    [UserLoader]
                    public static Member? Load(Guid id) => All.FirstOrDefault(m => m.MemberId == id);
                }
                """), ("App.cs", App("Member"))],
            ["    [LoginId]\n    public Guid MemberId { get; init; }"],
            [],
            "bob@example.com"),

        new("no loader, an unmarked async one on the type",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public Guid Id { get; init; }
                    public string Email { get; init; } = "";

                    public static async Task<Member?> LoadAsync(Guid id, CancellationToken cancellationToken)
                    {
                        await Task.Delay(0, cancellationToken);
                        return People.All.FirstOrDefault(m => m.Id == id);
                    }
                }

                public static class People
                {
                    public static readonly List<Member> All = [new() { Id = Guid.NewGuid(), Email = "cy@example.com" }];

                    public static Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);
                }
                """), ("App.cs", App("Member"))],
            ["    [UserLoader]\n    public static async Task<Member?> LoadAsync(Guid id, CancellationToken cancellationToken)"],
            [],
            "cy@example.com"),

        new("no id and no loader, a Guid MemberId and an unmarked finder in a static class",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public Guid MemberId { get; init; }
                    public string Email { get; init; } = "";
                }
                """), ("People.cs", """
                namespace Shop;

                public static class People
                {
                    public static readonly List<Member> All = [new() { MemberId = Guid.NewGuid(), Email = "di@example.com" }];

                    public static Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);

                    public static ValueTask<Member?> Find(Guid memberId) => ValueTask.FromResult(All.FirstOrDefault(m => m.MemberId == memberId));
                }
                """), ("App.cs", App("Member"))],
            ["    [LoginId]\n    public Guid MemberId { get; init; }", "    [UserLoader]\n    public static ValueTask<Member?> Find(Guid memberId)"],
            [],
            "di@example.com"),

        new("no id and no loader, nothing to go on",
            [("Visitor.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Visitor
                {
                    public string Name { get; init; } = "";
                }
                """)],
            ["[UserLoader]\n    public static Visitor? Load("],
            ["Visitor.Load"],
            null),

        new("a loader that is not static, in a class that is not static",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public int Id { get; init; }
                    public string Email { get; init; } = "";
                }

                public class Members
                {
                    [UserLoader]
                    public Member? Load(int id) => People.All.FirstOrDefault(m => m.Id == id);
                }

                public static class People
                {
                    public static readonly List<Member> All = [new() { Id = 4, Email = "eve@example.com" }];

                    public static Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);
                }
                """), ("App.cs", App("Member"))],
            ["public static Member? Load(int id)"],
            [],
            "eve@example.com"),

        new("a private loader in a private class",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public long Id { get; init; }
                    public string Email { get; init; } = "";
                }

                public static partial class People
                {
                    public static readonly List<Member> All = [new() { Id = 5_000_000_000, Email = "flo@example.com" }];

                    public static Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);

                    private static class Loaders
                    {
                        [UserLoader]
                        private static Member? Load(long id) => All.FirstOrDefault(m => m.Id == id);
                    }
                }
                """), ("App.cs", App("Member"))],
            ["internal static class Loaders", "internal static Member? Load(long id)"],
            [],
            "flo@example.com"),

        new("a loader taking a Guid for an int id",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public int Id { get; init; }
                }

                public static class Members
                {
                    [UserLoader]
                    public static Member? Load(Guid id) => null;
                }
                """)],
            ["public static Member? Load(int id) => null;"],
            [],
            null),

        new("handlers taking the user without [LoginRequired], in a file without using Login",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public int Id { get; init; }

                    [UserLoader]
                    public static Member? Load(int id) => null;
                }
                """), ("Endpoints.cs", """
                namespace Shop;

                public static class Endpoints
                {
                    public static void Map(WebApplication app)
                    {
                        app.MapGet("/me", (Member member) => $"member {member.Id}");
                        app.MapGet("/member", Show);
                    }

                    private static string Show(Member member) => $"member {member.Id}";
                }
                """)],
            ["using Login;", "app.MapGet(\"/me\", [LoginRequired] (Member member)", "    [LoginRequired]\n    private static string Show(Member member)"],
            [],
            null),

        new("a positional record, not partial, with no id, and a Guid loader",
            [("Member.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public record Member(Guid MemberId, string Email);

                public static class People
                {
                    public static readonly List<Member> All = [new(Guid.NewGuid(), "gus@example.com")];

                    public static Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);

                    [UserLoader]
                    public static Member? Load(Guid id) => All.FirstOrDefault(m => m.MemberId == id);
                }
                """), ("App.cs", App("Member"))],
            ["public partial record Member([property: LoginId] Guid MemberId, string Email);"],
            [],
            "gus@example.com"),

        new("no loaders: one type with nothing to go on, the next with an unmarked one",
            [("Users.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Visitor
                {
                    public int Id { get; init; }
                }

                [LoginUser]
                public partial class Member
                {
                    public Guid Id { get; init; }
                    public string Email { get; init; } = "";

                    public static Member? Find(Guid id) => People.All.FirstOrDefault(m => m.Id == id);
                }

                public static class People
                {
                    public static readonly List<Member> All = [new() { Id = Guid.NewGuid(), Email = "hal@example.com" }];

                    public static Member? ByEmail(string email) => All.FirstOrDefault(m => m.Email == email);
                }
                """), ("App.cs", App("Member"))],
            // dotnet format applies the key of the first type's first fix (the stub) to both: the key must be "recommended".
            ["    [UserLoader]\n    public static Member? Find(Guid id)"],
            ["Visitor.Load"],
            "hal@example.com"),

        new("two user types with different mistakes",
            [("Users.cs", """
                using Login;

                namespace Shop;

                [LoginUser]
                public partial class Member
                {
                    public Guid MemberId { get; init; }
                }

                public static class Accounts
                {
                    [LoginUser]
                    public class Admin
                    {
                        public int Id { get; init; }
                    }
                }

                public static class Lookups
                {
                    [UserLoader]
                    public static Member? LoadMember(Guid memberId) => null;

                    public static Accounts.Admin? FindAdmin(int adminId) => null;
                }
                """)],
            ["    [LoginId]\n    public Guid MemberId { get; init; }", "public static partial class Accounts", "    [UserLoader]\n    public static Accounts.Admin? FindAdmin(int adminId)"],
            [],
            null),
    ];

    public static TheoryData<string, FixChain.Order> Cases()
    {
        var cases = new TheoryData<string, FixChain.Order>();
        foreach (var project in Projects)
        {
            cases.Add(project.Name, FixChain.Order.IdsAscending);
            cases.Add(project.Name, FixChain.Order.IdsDescending);
        }

        return cases;
    }

    [Fact]
    public void A_dozen_mistaken_projects_and_several_run()
    {
        Assert.True(Projects.Length >= 12);
        Assert.True(Projects.Count(p => p.LogsIn is not null) >= 5);
        Assert.Equal(Projects.Length, Projects.Select(p => p.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fixed_as_dotnet_format_fixes_it_the_project_builds_clean_and_works(string name, FixChain.Order order)
    {
        var mistaken = Projects.Single(p => p.Name == name);
        using var workspace = new AdhocWorkspace();
        var project = FixChain.CreateProject(workspace, "Shop", [("GlobalUsings.cs", GlobalUsings), .. mistaken.Files]);

        var (before, _, _) = await FixChain.DiagnosticsAsync(project);
        Assert.Contains(before, d => d.Severity >= DiagnosticSeverity.Warning);

        var (fixedProject, applied) = await FixChain.ApplyAsync(project, order);
        var log = "applied: " + string.Join(" | ", applied);

        var (login, compiler, compilation) = await FixChain.DiagnosticsAsync(fixedProject);
        Assert.True(login.All(d => d.Severity < DiagnosticSeverity.Warning), log + "\nLogin's diagnostics left: " + string.Join("\n", login));
        var errors = compiler.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, log + "\nerrors: " + string.Join("\n", errors));

        // The only warnings: one stub's #warning per expected stub, naming it.
        var warnings = compiler.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        Assert.True(warnings.All(d => d.Id == "CS1030"), log + "\nwarnings: " + string.Join("\n", warnings));
        Assert.Equal(
            mistaken.Stubs.Select(stub => $"Login: write {stub}, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the {stub.Split('.')[0]} with this id, or null").Order(),
            warnings.Select(d => d.GetMessage().Replace("#warning: '", "").TrimEnd('\'')).Order());

        var texts = string.Join("\n", await Task.WhenAll(fixedProject.Documents.Select(async d => (await d.GetTextAsync()).ToString().Replace("\r\n", "\n"))));
        foreach (var says in mistaken.FixedSays)
        {
            Assert.True(texts.Contains(says, StringComparison.Ordinal), $"{log}\nthe fixed files lack:\n{says}\n----\n{texts}");
        }

        if (mistaken.LogsIn is { } email)
        {
            await using var app = await FixChain.StartAsync(compilation.WithAssemblyName("Shop_" + Guid.NewGuid().ToString("N")));
            await FixChain.AnswersItsGuardedPageAsync(app, email);
        }
    }
}
