namespace Login.Sessions.Store;

/// <summary>
/// The rules every store applies the same way, so the in-memory store behaves like the databases: times to the
/// millisecond (what SQLite's integers and PostgreSQL's timestamps keep exactly), ids and text bounded.
/// </summary>
internal static class LoginStoreRules
{
    public static DateTimeOffset Millis(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    public static DateTimeOffset? Millis(DateTimeOffset? time) => time is { } t ? Millis(t) : null;

    /// <summary>The family as a store keeps it, or an <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static LoginFamily ForCreate(LoginFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        CheckId(family.Id, "Id");
        if (string.IsNullOrEmpty(family.UserId))
        {
            throw new ArgumentException("A login family needs a UserId.", nameof(family));
        }

        CheckUserType(family.UserType, nameof(family));

        if (family.EndedAt is not null || family.PreviousRememberTokenId is not null || family.RememberRotatedAt is not null)
        {
            throw new ArgumentException("A new login family cannot be ended or rotated already: leave EndedAt, PreviousRememberTokenId and RememberRotatedAt unset.", nameof(family));
        }

        if (family.RememberTokenId is not null)
        {
            CheckId(family.RememberTokenId, "RememberTokenId");
        }

        return family with
        {
            CreatedAt = Millis(family.CreatedAt),
            LastSeenAt = Millis(family.LastSeenAt),
            ExpiresAt = Millis(family.ExpiresAt),
            UserAgent = Cut(family.UserAgent, LoginFamily.MaxUserAgentLength),
            IpAddress = Cut(family.IpAddress, LoginFamily.MaxIpAddressLength),
        };
    }

    public static void CheckId(string? id, string what)
    {
        if (string.IsNullOrEmpty(id) || id.Length > LoginFamily.MaxIdLength)
        {
            throw new ArgumentException($"{what} must be 1 to {LoginFamily.MaxIdLength} characters (LoginFamily.NewId() makes one).", what);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="userType"/> is a user type key (<see cref="LoginUserAttribute.Key"/>): every login a
    /// store records, lists or ends names its type, so the same id in two types is never one user.
    /// </summary>
    public static void CheckUserType(string? userType, string parameter)
    {
        if (!LoginUserAttribute.IsValidKey(userType))
        {
            throw new ArgumentException(
                userType is null
                    ? "A login family needs a UserType: the key of the user's [LoginUser] type (its class name, or [LoginUser(\"key\")])."
                    : $"\"{userType}\" is not a user type key: 1 to {LoginUserAttribute.MaxKeyLength} letters, digits, '-', '_' or '.'.",
                parameter);
        }
    }

    public static void CheckLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
    }

    /// <summary>
    /// One touch per family, the latest seen time and expiry of each, times to the millisecond: a batch may name a
    /// family twice, and an UPDATE joined to a batch with duplicates would apply one of them at random.
    /// </summary>
    public static List<LoginFamilyTouch> Merge(IReadOnlyCollection<LoginFamilyTouch> touches)
    {
        ArgumentNullException.ThrowIfNull(touches);
        var merged = new Dictionary<string, LoginFamilyTouch>(touches.Count, StringComparer.Ordinal);
        foreach (var touch in touches)
        {
            if (string.IsNullOrEmpty(touch.FamilyId))
            {
                continue;
            }

            var next = new LoginFamilyTouch(touch.FamilyId, Millis(touch.SeenAt), Millis(touch.ExpiresAt));
            if (merged.TryGetValue(touch.FamilyId, out var seen))
            {
                next = new LoginFamilyTouch(
                    touch.FamilyId, Max(seen.SeenAt, next.SeenAt), Max(seen.ExpiresAt, next.ExpiresAt));
            }

            merged[touch.FamilyId] = next;
        }

        return [.. merged.Values];
    }

    /// <summary>
    /// The decision of a remember token rotation, the same in every store; the store applies it atomically with the
    /// read of <paramref name="family"/>.
    /// </summary>
    public static RememberTokenRotationOutcome Decide(LoginFamily? family, string presentedTokenId, DateTimeOffset now, TimeSpan grace)
    {
        if (family is null || !family.IsLiveAt(now) || family.RememberTokenId is null)
        {
            return RememberTokenRotationOutcome.EndedOrUnknown;
        }

        if (string.Equals(presentedTokenId, family.RememberTokenId, StringComparison.Ordinal))
        {
            return RememberTokenRotationOutcome.Rotated;
        }

        if (string.Equals(presentedTokenId, family.PreviousRememberTokenId, StringComparison.Ordinal)
            && family.RememberRotatedAt is { } rotatedAt
            && now - rotatedAt <= grace)
        {
            return RememberTokenRotationOutcome.ReplayWithinGrace;
        }

        return RememberTokenRotationOutcome.Theft;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : Max(a.Value, b.Value);

    private static string? Cut(string? text, int length) => text is { Length: var n } && n > length ? text[..length] : text;
}
