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
    public static IApplicationBuilder UseLogin(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService(typeof(LoginPipeline)) is LoginPipeline pipeline)
        {
            pipeline.MiddlewareAdded = true;
            pipeline.App = app;
            pipeline.RoutingBeforeLogin = LoginPipeline.HasRouting(app);
        }

        return app.UseMiddleware<LoginMiddleware>();
    }
}
