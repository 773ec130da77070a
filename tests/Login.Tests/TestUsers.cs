using System.Collections.Concurrent;

namespace Login.Tests;

[LoginUser]
public partial class TestUser
{
    public int Id { get; init; }

    public bool IsActive { get; init; } = true;

    /// <summary>Stands for the password hash: changing it ends the user's other sessions.</summary>
    [SessionStamp]
    public string PasswordHash { get; set; } = "hash-1";

    [LoginClaim(System.Security.Claims.ClaimTypes.Role)]
    public IReadOnlyList<string> Roles { get; init; } = [];

    [LoginClaim(System.Security.Claims.ClaimTypes.Email)]
    public string? Email { get; init; }

    [LoginClaim("plan")]
    public Plan? Plan { get; init; }
}

public enum Plan
{
    Free,
    Pro,
}

/// <summary>The test app's user store: user 1 is active, user 2 is not. Counts loads so tests can see laziness.</summary>
public sealed class UserDirectory
{
    private int _loads;

    public ConcurrentDictionary<int, TestUser> Users { get; } = new()
    {
        [1] = new TestUser { Id = 1 },
        [2] = new TestUser { Id = 2, IsActive = false },
    };

    public int Loads => Volatile.Read(ref _loads);

    public TestUser? Find(int id)
    {
        Interlocked.Increment(ref _loads);
        return Users.TryGetValue(id, out var user) ? user : null;
    }
}

public static class TestUserLoader
{
    [UserLoader]
    public static async ValueTask<TestUser?> Load(int id, UserDirectory directory, CancellationToken cancellationToken)
    {
        await Task.Yield(); // a real loader goes to a database: make the load asynchronous
        cancellationToken.ThrowIfCancellationRequested();
        return directory.Find(id);
    }
}
