using Login.Guards;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Login to the request pipeline.</summary>
public static class LoginApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the middleware that guards endpoints whose <see cref="Login.LoginRequiredAttribute">[LoginRequired]</see>
    /// could not be woven at compile time. Call it after <c>UseRouting</c> (a <c>WebApplication</c> routes first by
    /// itself) and before the endpoints run.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddLogin()</c> was not called on the services.</exception>
    public static IApplicationBuilder UseLogin(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // As UseAuthorization() does without AddAuthorization(): at startup, not as a 500 on every request.
        if (app.ApplicationServices.GetService(typeof(LoginPipeline)) is not LoginPipeline pipeline)
        {
            throw new InvalidOperationException(
                "app.UseLogin() needs Login's services, and AddLogin() was not called. Add builder.Services.AddLogin(o => o.LoginView = \"/login\") " +
                "before builder.Build().");
        }

        pipeline.MiddlewareAdded = true;
        pipeline.App = app;
        pipeline.RoutingBeforeLogin = LoginPipeline.HasRouting(app);

        return app.UseMiddleware<LoginMiddleware>();
    }
}
