using Microsoft.CodeAnalysis;

namespace Login.Generators.Tests;

/// <summary>The generated code for typical user code, compared with checked-in golden files.</summary>
public class GoldenTests
{
    private const string IntIdApp = """
        using System.Threading;
        using System.Threading.Tasks;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        namespace Shop;

        [LoginUser]
        public partial class User
        {
            public int Id { get; init; }
            public bool IsActive { get; init; } = true;
        }

        public sealed class UserStore
        {
            public ValueTask<User?> FindAsync(int id, CancellationToken ct) => new(id == 1 ? new User { Id = 1 } : null);
        }

        public static class Users
        {
            [UserLoader]
            public static ValueTask<User?> Load(int id, UserStore store, CancellationToken ct) => store.FindAsync(id, ct);
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/secret", [LoginRequired] (User user) => $"Logged in as {user.Id}");
                app.MapPost("/settings", Settings);
                app.MapDelete("/account", [FreshLoginRequired] () => Results.NoContent());
                app.MapGet("/public", () => "anyone");
            }

            [LoginRequired]
            private static IResult Settings(User user) => Results.Ok();
        }
        """;

    private const string StringIdApp = """
        using Login;

        [LoginUser]
        public partial class Member
        {
            public required string Id { get; init; }
        }

        public static class Members
        {
            [UserLoader]
            public static Member? Load(string id) => id == "leafstorm" ? new Member { Id = id } : null;
        }
        """;

    private const string LoginIdRecordApp = """
        using System;
        using System.Threading.Tasks;
        using Login;
        using Microsoft.AspNetCore.Http;

        namespace Accounts
        {
            public static partial class Outer
            {
                [LoginUser]
                public partial record Account([property: LoginId] Guid Key, string Email);
            }

            public static class Accounts
            {
                [UserLoader]
                public static Task<Outer.Account?> Load(Guid key, HttpContext context) =>
                    Task.FromResult<Outer.Account?>(new Outer.Account(key, "a@example.com"));
            }
        }
        """;

    private const string RequestLoaderApp = """
        using System.Threading;
        using System.Threading.Tasks;
        using Login;
        using Microsoft.AspNetCore.Http;

        namespace Api;

        [LoginUser]
        public partial class User
        {
            public int Id { get; init; }
        }

        public sealed class ApiKeys
        {
            public ValueTask<User?> FindAsync(string key, CancellationToken ct) => new(key == "k1" ? new User { Id = 1 } : null);
        }

        public static class Users
        {
            [UserLoader]
            public static User? Load(int id) => new User { Id = id };

            [RequestLoader]
            public static ValueTask<User?> FromApiKey(HttpRequest request, ApiKeys keys, CancellationToken ct) =>
                request.Query["api_key"].ToString() is { Length: > 0 } key ? keys.FindAsync(key, ct) : default;

            [RequestLoader]
            public static User? FromItems(HttpContext context) => context.Items["user"] as User;
        }
        """;

    private const string HeaderLoaderApp = """
        using System.Threading.Tasks;
        using Login;

        [LoginUser]
        public partial class Member
        {
            public required string Id { get; init; }
        }

        public sealed class Tokens
        {
            public Task<Member?> FindAsync(string token) => Task.FromResult<Member?>(token == "t1" ? new Member { Id = "m1" } : null);
        }

        public static class Members
        {
            [UserLoader]
            public static Member? Load(string id) => new Member { Id = id };

            [HeaderLoader]
            public static Task<Member?> FromToken(string headerValue, Tokens tokens) =>
                headerValue.StartsWith("Bearer ") ? tokens.FindAsync(headerValue.Substring(7)) : Task.FromResult<Member?>(null);
        }
        """;

    private const string RequestLoaderOnlyApp = """
        using Login;
        using Microsoft.AspNetCore.Http;

        [LoginUser]
        public partial class Client
        {
            public required string Id { get; init; }
        }

        public static class Clients
        {
            [RequestLoader]
            public static Client? FromCertificate(HttpContext context) =>
                context.Connection.ClientCertificate is { } certificate ? new Client { Id = certificate.Thumbprint } : null;
        }
        """;

    [Fact]
    public void Request_loaders_with_request_services_and_cancellation_token() =>
        VerifyAll(RequestLoaderApp, nameof(Request_loaders_with_request_services_and_cancellation_token));

    [Fact]
    public void Header_loader_returning_Task() => VerifyAll(HeaderLoaderApp, nameof(Header_loader_returning_Task));

    /// <summary>A request loader alone is a loader: no LOGIN004, and the user type still gets its IUser members.</summary>
    [Fact]
    public void Request_loader_without_a_user_loader() => VerifyAll(RequestLoaderOnlyApp, nameof(Request_loader_without_a_user_loader));

    private const string ClaimsApp = """
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Security.Claims;
        using Login;

        namespace Staff;

        public enum Plan { Free, Pro }

        public abstract class Person
        {
            [LoginClaim(ClaimTypes.Name)]
            public string? DisplayName { get; init; }
        }

        [LoginUser]
        public partial class Employee : Person
        {
            public int Id { get; init; }

            [LoginClaim(ClaimTypes.Role)]
            public string[] Roles { get; init; } = [];

            [LoginClaim(ClaimTypes.Email)]
            public string Email { get; init; } = "";

            [LoginClaim("team")]
            public List<string?>? Teams { get; init; }

            [LoginClaim("scope")]
            public IReadOnlyList<string> Scopes { get; init; } = ImmutableArray<string>.Empty;

            [LoginClaim("plan")]
            public Plan Plan { get; init; }

            [LoginClaim("trial \"plan\"")]
            public Plan? TrialPlan { get; init; }

            [LoginClaim("department")]
            private readonly string? department = null;
        }

        public static class Employees
        {
            [UserLoader]
            public static Employee? Load(int id) => null;
        }
        """;

    private const string StampedLongIdApp = """
        using System;
        using Login;

        namespace Bank;

        [LoginUser]
        public partial class Customer
        {
            public long Id { get; init; }

            [SessionStamp]
            public string PasswordHash { get; init; } = "";

            public bool Locked { get; init; }

            public bool IsActive => !Locked;
        }

        public static class Customers
        {
            [UserLoader]
            public static Customer? Load(long id) => null;
        }
        """;

    private const string StronglyTypedIdApp = """
        using System;
        using System.Diagnostics.CodeAnalysis;
        using Login;

        namespace Crm;

        public readonly record struct AgentId(int Value) : IParsable<AgentId>, IFormattable
        {
            public static AgentId Parse(string s, IFormatProvider? provider) => new(int.Parse(s, provider));

            public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out AgentId result)
            {
                var ok = int.TryParse(s, provider, out var value);
                result = new(value);
                return ok;
            }

            public string ToString(string? format, IFormatProvider? provider) => Value.ToString(format, provider);
        }

        [LoginUser]
        public partial record Agent
        {
            [LoginId]
            public AgentId Key { get; init; }

            [SessionStamp]
            public DateTimeOffset? SessionsValidAfter { get; init; }
        }

        public static class Agents
        {
            [UserLoader]
            public static Agent? Load(AgentId key) => new Agent { Key = key };
        }
        """;

    /// <summary>
    /// LOGIN002 and LOGIN003 (reported by the analyzer, not here) leave the types their IUser members, every one as it will
    /// be once the id is fixed but GetId(), which throws; and their loaders unregistered (no Login.UserLoaders file).
    /// </summary>
    private const string UnusableIdsApp = """
        using System;
        using Login;

        namespace Broken;

        [LoginUser]
        public partial class NoId
        {
            public string Email { get; init; } = "";
        }

        [LoginUser]
        public partial class UriId
        {
            [LoginId]
            public Uri Home { get; init; } = new("https://example.com");

            [SessionStamp]
            public string Stamp { get; init; } = "";
        }

        public static class Loaders
        {
            [UserLoader]
            public static NoId? LoadNoId(string id) => null;

            [UserLoader]
            public static UriId? LoadUriId(string id) => null;
        }
        """;

    [Fact]
    public void Users_without_a_usable_id_get_members_that_keep_the_program_type_correct() =>
        VerifyAll(UnusableIdsApp, nameof(Users_without_a_usable_id_get_members_that_keep_the_program_type_correct));

    [Fact]
    public void Claims_from_string_collection_enum_and_inherited_members() =>
        VerifyAll(ClaimsApp, nameof(Claims_from_string_collection_enum_and_inherited_members));

    [Fact]
    public void Long_id_user_with_session_stamp_and_own_IsActive() => VerifyAll(StampedLongIdApp, nameof(Long_id_user_with_session_stamp_and_own_IsActive));

    [Fact]
    public void Strongly_typed_id_and_nullable_stamp() => VerifyAll(StronglyTypedIdApp, nameof(Strongly_typed_id_and_nullable_stamp));

    [Fact]
    public void Int_id_user_with_async_DI_loader_and_guarded_handlers() => VerifyAll(IntIdApp, nameof(Int_id_user_with_async_DI_loader_and_guarded_handlers));

    [Fact]
    public void String_id_user_with_sync_loader() => VerifyAll(StringIdApp, nameof(String_id_user_with_sync_loader));

    [Fact]
    public void Nested_record_with_LoginId_Guid_and_Task_loader() => VerifyAll(LoginIdRecordApp, nameof(Nested_record_with_LoginId_Guid_and_Task_loader));

    /// <summary>
    /// Two user types whose ids overlap (issue 18, SPEC §10): each gets its own IUser members and parameter metadata, both
    /// loaders are registered, and the generic guards are woven with their requirement (the fresh one as FreshLogin).
    /// The analyzer has nothing to say about it.
    /// </summary>
    private const string TwoUserTypesApp = """
        using System.Threading.Tasks;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        namespace Shop;

        [LoginUser]
        public partial class Customer
        {
            public int Id { get; init; }
        }

        [LoginUser("admin")]
        public partial class Admin
        {
            public int Id { get; init; }
        }

        public sealed class Accounts
        {
            public ValueTask<Customer?> FindCustomerAsync(int id) => new(id == 5 ? new Customer { Id = 5 } : null);

            public Admin? FindAdmin(int id) => id == 5 ? new Admin { Id = 5 } : null;
        }

        public static class Loaders
        {
            [UserLoader]
            public static ValueTask<Customer?> LoadCustomer(int id, Accounts accounts) => accounts.FindCustomerAsync(id);

            [UserLoader]
            public static Admin? LoadAdmin(int id, Accounts accounts) => accounts.FindAdmin(id);
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/admin", [LoginRequired<Admin>] () => "staff only");
                app.MapDelete("/admin/users/{id}", [FreshLoginRequired<Admin>] (int id, Admin admin) => Results.NoContent());
                app.MapGet("/admin/me", [LoginRequired] (Admin a) => a.Id);
                app.MapGet("/account", [LoginRequired] (Customer customer) => customer.Id);
                app.MapPost("/admin/purge", Purge);
                app.MapGet("/anyone", [LoginRequired] () => "any user type");
            }

            [FreshLoginRequired<Admin>]
            private static IResult Purge(Admin admin) => Results.Ok();
        }
        """;

    [Fact]
    public void Two_user_types_with_overlapping_ids_and_generic_guards()
    {
        VerifyAll(TwoUserTypesApp, nameof(Two_user_types_with_overlapping_ids_and_generic_guards));

        var (_, output) = GeneratorHarness.Run(GeneratorHarness.Compile(TwoUserTypesApp));
        Assert.Empty(GeneratorHarness.Analyze(output));
    }

    private static void VerifyAll(string source, string name)
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var generated = result.Results.Single().GeneratedSources;
        Assert.NotEmpty(generated);
        var failures = generated
            .Select(file => GoldenFile.Check(file.SourceText.ToString(), $"{name}.{file.HintName.Replace(".g.cs", "")}"))
            .OfType<string>()
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
