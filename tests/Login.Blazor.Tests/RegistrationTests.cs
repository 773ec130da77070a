using Login.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Blazor.Tests;

/// <summary>No line beyond AddLogin(): Login's provider is the app's whichever of AddLogin and AddRazorComponents runs first.</summary>
public sealed class RegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddLogin_provides_the_authentication_state_before_or_after_AddRazorComponents(bool loginFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<BlazorUserDirectory>();
        if (loginFirst)
        {
            builder.Services.AddLogin();
        }

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        if (!loginFirst)
        {
            builder.Services.AddLogin();
        }

        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();

        Assert.IsType<LoginAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        Assert.Single(scope.ServiceProvider.GetServices<CircuitHandler>(), h => h is LoginCircuitHandler);
    }
}
