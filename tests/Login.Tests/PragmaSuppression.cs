// This file is a test by itself: if '#pragma warning disable' did not suppress Login's diagnostics,
// LOGIN004 (an error) would stop this project from compiling and every test in it would fail.
#pragma warning disable LOGIN004
using Microsoft.AspNetCore.Builder;

namespace Login.Tests;

[LoginUser]
public partial class UserWithoutLoader
{
    public int Id { get; init; }
}
#pragma warning restore LOGIN004

// The handler diagnostics are warnings, which this project treats as errors: each must also yield to a pragma at the
// place it is reported (LOGIN007 at the parameter, LOGIN009 at the attribute). These are compiled, never mapped.
internal static class SuppressedHandlerWarnings
{
    public static void Map(WebApplication app) =>
#pragma warning disable LOGIN007
        app.MapGet("/user-but-no-login-required", (TestUser user) => user.Id);
#pragma warning restore LOGIN007

#pragma warning disable LOGIN009
    [LoginRequired]
#pragma warning restore LOGIN009
    public static string NeverMapped() => "a [LoginRequired] no Map* call is passed";
}
