namespace Login.Generators.Parsing;

/// <summary>Metadata names of the types the generator looks for.</summary>
internal static class KnownNames
{
    public const string LoginUserAttribute = "Login.LoginUserAttribute";
    public const string LoginIdAttribute = "Login.LoginIdAttribute";
    public const string UserLoaderAttribute = "Login.UserLoaderAttribute";
    public const string SessionStampAttribute = "Login.SessionStampAttribute";
    public const string LoginClaimAttribute = "Login.LoginClaimAttribute";
    public const string RequestLoaderAttribute = "Login.RequestLoaderAttribute";
    public const string HeaderLoaderAttribute = "Login.HeaderLoaderAttribute";
    public const string LoginRequiredAttribute = "Login.LoginRequiredAttribute";
    public const string FreshLoginRequiredAttribute = "Login.FreshLoginRequiredAttribute";
    public const string LoginRequiredAttributeOfT = "Login.LoginRequiredAttribute`1";
    public const string FreshLoginRequiredAttributeOfT = "Login.FreshLoginRequiredAttribute`1";
    public const string IEndpointParameterMetadataProvider = "Microsoft.AspNetCore.Http.Metadata.IEndpointParameterMetadataProvider";
    public const string EndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions";
    public const string MapExtensions = "Microsoft.AspNetCore.Builder.MapExtensions";
    public const string IApplicationBuilder = "Microsoft.AspNetCore.Builder.IApplicationBuilder";
    public const string RequestDelegate = "Microsoft.AspNetCore.Http.RequestDelegate";
    public const string RouteGroupBuilder = "Microsoft.AspNetCore.Routing.RouteGroupBuilder";
    public const string IAuthorizeData = "Microsoft.AspNetCore.Authorization.IAuthorizeData";
    public const string ControllerBase = "Microsoft.AspNetCore.Mvc.ControllerBase";
    public const string ControllerAttribute = "Microsoft.AspNetCore.Mvc.ControllerAttribute";
    public const string ApiControllerAttribute = "Microsoft.AspNetCore.Mvc.ApiControllerAttribute";
    public const string PageModel = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";
    public const string PageBase = "Microsoft.AspNetCore.Mvc.RazorPages.PageBase";
    public const string Hub = "Microsoft.AspNetCore.SignalR.Hub";
    public const string IComponent = "Microsoft.AspNetCore.Components.IComponent";
    public const string BindServiceMethodAttribute = "Grpc.Core.BindServiceMethodAttribute";
    public const string HttpContext = "Microsoft.AspNetCore.Http.HttpContext";
    public const string HttpRequest = "Microsoft.AspNetCore.Http.HttpRequest";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string Task = "System.Threading.Tasks.Task`1";
    public const string NonGenericTask = "System.Threading.Tasks.Task";
    public const string ValueTask = "System.Threading.Tasks.ValueTask`1";
    public const string IParsable = "System.IParsable`1";
    public const string IFormattable = "System.IFormattable";
}
