using System.Collections.Concurrent;

namespace Login.Blazor.Tests;

[LoginUser]
public partial class BlazorUser
{
    public int Id { get; init; }

    [SessionStamp]
    public string PasswordHash { get; set; } = "hash-1";
}

/// <summary>The test app's users: 1 and 2.</summary>
public sealed class BlazorUserDirectory
{
    public ConcurrentDictionary<int, BlazorUser> Users { get; } = new() { [1] = new BlazorUser { Id = 1 }, [2] = new BlazorUser { Id = 2 } };
}

public static class BlazorUserLoader
{
    [UserLoader]
    public static BlazorUser? Load(int id, BlazorUserDirectory directory) => directory.Users.TryGetValue(id, out var user) ? user : null;
}
