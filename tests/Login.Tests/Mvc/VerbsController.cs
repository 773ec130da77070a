using Microsoft.AspNetCore.Mvc;

namespace Login.Tests.Mvc;

/// <summary>Actions that answer OPTIONS: one by its verbs, one under a conventional route (no verb attribute).</summary>
public sealed class VerbsController : Controller
{
    public static int Runs;

    [LoginRequired]
    [AcceptVerbs("POST", "OPTIONS", Route = "mvc/verbs/post-or-options")]
    public string PostOrOptions() => Ran("post or options");

    [LoginRequired]
    public string Conventional() => Ran("conventional");

    private static string Ran(string name)
    {
        Interlocked.Increment(ref Runs);
        return name;
    }
}
