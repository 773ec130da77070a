using System.Collections.Concurrent;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// A member's session stamp, as a user table shared by every instance would keep it (a password hash): the same for
/// every member until a test changes one, so the store tests that never touch it see no difference.
/// </summary>
public partial class Member
{
    [SessionStamp]
    public string Stamp => MemberStamps.Of(Id);
}

/// <summary>The stamps of the members a test changed (the "password" changed on another machine).</summary>
public static class MemberStamps
{
    private static readonly ConcurrentDictionary<int, string> Changed = new();

    public static string Of(int id) => Changed.TryGetValue(id, out var stamp) ? stamp : "stamp-1";

    public static void Change(int id) => Changed.AddOrUpdate(id, "stamp-2", static (_, old) => old + "'");
}
