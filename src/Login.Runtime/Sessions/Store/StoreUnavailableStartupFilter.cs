using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Login.Sessions.Store;

/// <summary>Puts <see cref="StoreUnavailableMiddleware"/> in front of the whole pipeline, the app's exception handling included.</summary>
internal sealed class StoreUnavailableStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<StoreUnavailableMiddleware>();
        next(app);
    };
}
