using Login.CompilerServices;

namespace Login.Tests;

/// <summary>User types for tests of the cookie formats and the cache, which have no app to ask.</summary>
internal static class UserTypeFixtures
{
    /// <summary>A user type keyed "TestUser", with no loaders: what the formats record and recognize.</summary>
    public static LoginUserType TestUser { get; } = new("TestUser", typeof(TestUser), user: null, request: [], header: []);

    /// <summary>A second type, keyed "admin", for cookies of another type.</summary>
    public static LoginUserType Admin { get; } = new("admin", typeof(GatedUser), user: null, request: [], header: []);

    /// <summary>An app with the one type <see cref="TestUser"/>: key-less (legacy) logins are its.</summary>
    public static LoginUserTypes One { get; } = new([TestUser], TestUser);

    /// <summary>An app with both types: key-less logins are nobody's.</summary>
    public static LoginUserTypes Two { get; } = new([TestUser, Admin], legacy: null);
}
