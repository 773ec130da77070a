using Microsoft.Extensions.DependencyInjection;

namespace Login.Authentication;

/// <summary>Puts a Login implementation in place of one of ASP.NET Core's default services, and nothing else.</summary>
internal static class FrameworkDefault
{
    /// <summary>
    /// Replaces the registration of <typeparamref name="TService"/> that is ASP.NET Core's <typeparamref name="TDefault"/>
    /// with <typeparamref name="TReplacement"/>, at the same lifetime. A registration the app made itself (the last one
    /// is the one resolved) is left alone.
    /// </summary>
    public static void Replace<TService, TDefault, TReplacement>(IServiceCollection services)
        where TDefault : TService
        where TReplacement : TService
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(TService) && !descriptor.IsKeyedService)
            {
                if (descriptor.ImplementationType == typeof(TDefault))
                {
                    services[i] = ServiceDescriptor.Describe(typeof(TService), typeof(TReplacement), descriptor.Lifetime);
                }

                return;
            }
        }
    }
}
