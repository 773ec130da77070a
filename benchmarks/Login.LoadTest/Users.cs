namespace Login.LoadTest;

/// <summary>
/// An in-memory user store of ids 0 to <see cref="Count"/> - 1 that stores none of them: a user is made when loaded,
/// so a million logged-in users cost the app nothing but what Login itself keeps, which is what the test looks at.
/// </summary>
public static class Users
{
    /// <summary>How many users exist; set once at startup from <c>--users</c>, before any request.</summary>
    public static int Count { get; set; } = 1_000_000;

    [UserLoader]
    public static User? Load(int id) => id >= 0 && id < Count ? new User { Id = id } : null;
}
