using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Login.RequestDelegateGenerator.Tests;

[LoginUser]
public partial class Member
{
    public int Id { get; init; }
}

public static class Members
{
    [UserLoader]
    public static Member? Load(int id) => id == 7 ? new Member { Id = 7 } : null;
}

/// <summary>An app whose Map* calls the Request Delegate Generator compiles.</summary>
public static class RdgApp
{
    public static async Task<WebApplication> StartAsync(bool useLogin = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.UserType = typeof(Member); // the guard suite compiled into this project has its own user type
        });
        var app = builder.Build();
        if (useLogin)
        {
            app.UseLogin();
        }

        app.MapGet("/members", [LoginRequired] (Member member) => $"member {member.Id}");
        app.MapPost("/members/delete", [FreshLoginRequired] (Member member) => $"deleted {member.Id}");
        app.MapGet("/open", () => "open");
        app.MapGet("/login/{id:int}", async (HttpContext http, int id) =>
        {
            await http.LoginUserAsync(new Member { Id = id });
            return "ok";
        });
        await app.StartAsync();
        return app;
    }
}
