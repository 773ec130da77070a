namespace Login.Sample.Tests;

/// <summary>What the sample promises to its users, written down once: its demo account and its cookie names.</summary>
public static class SampleFacts
{
    public const string Email = "leafstorm";
    public const string Password = "secret";

    public const string SessionCookie = ".Login.Session";
    public const string RememberCookie = "remember_token";

    /// <summary>Where an anonymous visitor of <c>/protected</c> is sent: Flask-Login encodes <c>/</c> in next as <c>%2F</c>.</summary>
    public const string LoginForProtected = "/login?next=%2Fprotected";
}
