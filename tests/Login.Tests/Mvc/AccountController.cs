using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Login.Tests.Mvc;

/// <summary>A controller guarded as a whole, with one action opted out.</summary>
[LoginRequired]
[Route("mvc/account")]
public sealed class AccountController : Controller
{
    [HttpGet("")]
    public string Index() => $"account of {User.Identity?.Name}";

    [HttpGet("public")]
    [AllowAnonymous]
    public string Public() => "public action";

    [HttpGet("delete")]
    [FreshLoginRequired]
    public string Delete() => "delete form";
}

/// <summary>A controller with one guarded action.</summary>
[Route("mvc/shop")]
public sealed class ShopController : Controller
{
    [HttpGet("")]
    public string Index() => "shop";

    [HttpGet("orders")]
    [LoginRequired]
    public async Task<string> Orders() => $"orders of {(await HttpContext.GetCurrentUserAsync<TestUser>())!.Id}";
}
