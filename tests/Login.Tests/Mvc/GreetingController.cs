using Microsoft.AspNetCore.Mvc;

namespace Login.Tests.Mvc;

/// <summary>An open action that renders a view reading <see cref="CurrentUser"/> (Views/Greeting.cshtml).</summary>
[Route("mvc/greeting")]
public sealed class GreetingController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View("~/Views/Greeting.cshtml");
}
