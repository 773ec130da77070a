namespace Login.Cookies;

/// <summary>What <see cref="CookieHeader.Find"/> saw of a cookie.</summary>
internal enum CookieLookup : byte
{
    /// <summary>Not sent.</summary>
    Absent,

    /// <summary>Sent once, as a browser sends a cookie.</summary>
    Found,

    /// <summary>Sent more than once, or under a name a lenient parser reads as this one: none of it is trusted.</summary>
    Ambiguous,
}
