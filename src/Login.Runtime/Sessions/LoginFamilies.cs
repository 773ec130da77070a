using Login.Cookies;
using Microsoft.AspNetCore.Http;

namespace Login.Sessions;

/// <summary>
/// Login families as the runtime sees them: the store they live in (<see cref="ILoginSessionStore"/>), what this
/// instance knows of ended ones (<see cref="Ended"/>, the only thing a guarded request asks), and the last-seen times
/// waiting for a batch (<see cref="Touches"/>). Starting, ending and rotating a family go through here, so this
/// instance refuses an ended family at once, before the store has told the others.
/// </summary>
internal sealed class LoginFamilies(ILoginSessionStore store, TimeProvider time, LoginOptions options)
{
    public ILoginSessionStore Store { get; } = store;

    public EndedFamilies Ended { get; } = new(time, options.MaxEndedLoginsInMemory, options.SessionLifetime);

    public FamilyTouches Touches { get; } = new();

    /// <summary>The longest any cookie of a login can live: how long to remember an ending whose expiry is not known.</summary>
    public TimeSpan LongestCookieLife =>
        options.SessionLifetime > options.RememberCookieDuration ? options.SessionLifetime : options.RememberCookieDuration;

    /// <summary>Whether the family's ending is known here: for a remember cookie (the store decides it anyway) and a live connection.</summary>
    public bool IsEnded(Guid familyId) => Ended.IsEnded(familyId);

    /// <summary>Whether a session cookie of the family issued at <paramref name="issuedAt"/> must be refused (see <see cref="EndedFamilies"/>).</summary>
    public bool IsEnded(Guid familyId, DateTimeOffset issuedAt) => Ended.IsEnded(familyId, issuedAt);

    /// <summary>
    /// How much later than its family's end a session cookie of it can have been issued: the clocks of two instances may
    /// differ by this much (a restore on one just before the end on another). No cookie of a family is issued after
    /// its end otherwise: a login makes a new family, and a restore is refused by the store once the family ended.
    /// </summary>
    public static TimeSpan ClockSkew => Login.Sessions.Store.LoginSessionStorePruning.Margin;

    /// <summary>
    /// Until when this instance must remember an ending: until no session cookie issued before it can be valid, that is
    /// <see cref="LoginOptions.SessionLifetime"/> as configured now (a session cookie lives that long from when it was
    /// issued, whatever its family's recorded expiry) after the end, plus <see cref="ClockSkew"/>. Remember cookies need
    /// no ending in memory: every restore asks the store, which refuses an ended family for as long as it keeps the row,
    /// and an unknown one after.
    /// </summary>
    public DateTimeOffset KeepEndingUntil(LoginFamilyEnding ending) => KeepEndingUntil(ending.EndedAt);

    /// <summary><see cref="KeepEndingUntil(LoginFamilyEnding)"/> for an ending at <paramref name="endedAt"/>.</summary>
    public DateTimeOffset KeepEndingUntil(DateTimeOffset endedAt) => endedAt + options.SessionLifetime + ClockSkew;

    /// <summary>Whether this instance has not heard from the store for longer than <see cref="LoginOptions.SessionStoreMaxStaleness"/>.</summary>
    public bool IsStale => Ended.IsStale(options.SessionStoreMaxStaleness);

    /// <summary>The family was seen now (at most one store write a minute for it, batched).</summary>
    public void Seen(Guid familyId, DateTimeOffset now, DateTimeOffset? expiresAt = null) => Touches.Seen(familyId, now, expiresAt);

    /// <summary>
    /// Makes room for one more login of <paramref name="userId"/> under <see cref="LoginOptions.MaxLoginsPerUser"/> by
    /// ending that user's oldest live logins, everywhere: only the user's own, so no account can crowd out others.
    /// </summary>
    public async Task CapLoginsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.MaxLoginsPerUser is not { } cap)
        {
            return;
        }

        var live = await Store.ListLiveAsync(userId, now, cancellationToken).ConfigureAwait(false);
        if (live.Count < cap)
        {
            return;
        }

        var oldestFirst = new List<LoginFamily>(live);
        oldestFirst.Sort(static (a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        for (var i = 0; i <= live.Count - cap; i++)
        {
            if (FamilyIds.TryParse(oldestFirst[i].Id, out var id))
            {
                await EndAsync(id, oldestFirst[i].ExpiresAt, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records a new login's family, of a user of the type with key <paramref name="userType"/>, before any cookie points to it.</summary>
    /// <exception cref="LoginStoreUnavailableException">The store cannot be reached: there is no login without a record.</exception>
    public Task StartAsync(Guid familyId, string userType, string userId, RememberToken? remember, HttpContext context, DateTimeOffset now)
    {
        var sessionEnds = now + options.SessionLifetime;
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return Store.CreateAsync(new LoginFamily
        {
            Id = FamilyIds.ToText(familyId),
            UserId = userId,
            UserType = userType,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = remember is { } r && r.ExpiresAt > sessionEnds ? r.ExpiresAt : sessionEnds,
            Remembered = remember is not null,
            UserAgent = userAgent.Length == 0 ? null : userAgent.Length <= LoginFamily.MaxUserAgentLength ? userAgent : userAgent[..LoginFamily.MaxUserAgentLength],
            IpAddress = context.Connection.RemoteIpAddress?.ToString(),
            RememberTokenId = remember is { } t ? FamilyIds.ToText(t.TokenId) : null,
        }, context.RequestAborted);
    }

    /// <summary>
    /// Ends a family: in the store, which tells every other instance, then here. When the store cannot record it, nothing
    /// changes anywhere (not here either), so the caller keeps the cookies and the logout can be tried again: an ending
    /// known to one instance's memory alone would be lost by the others and by this one's restart.
    /// </summary>
    /// <param name="familyId">The family.</param>
    /// <param name="expiresAt">
    /// The family's expiry, if known; not needed: the ending is remembered here for the session cookie's lifetime
    /// (<see cref="KeepEndingUntil(DateTimeOffset)"/>), whatever the family's.
    /// </param>
    /// <param name="now">The time of the ending.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>Whether the store ended it (it was live there).</returns>
    public async Task<bool> EndAsync(Guid familyId, DateTimeOffset? expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ended = await Store.EndAsync(FamilyIds.ToText(familyId), now, cancellationToken).ConfigureAwait(false);
        Ended.Add(familyId, KeepEndingUntil(now));
        return ended;
    }

    /// <summary>Ends every live family of the user but <paramref name="keep"/>, everywhere.</summary>
    /// <returns>How many ended.</returns>
    public async Task<int> EndAllAsync(string userId, Guid keep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ended = await Store.EndAllAsync(userId, FamilyIds.ToText(keep), now, cancellationToken).ConfigureAwait(false);
        foreach (var familyId in ended)
        {
            Ended.Add(familyId, KeepEndingUntil(now));
        }

        return ended.Count;
    }

    /// <summary>
    /// Replaces the remember token of <paramref name="token"/>'s family, or finds it stolen (the store then ended the
    /// family) or ended. What is refused is refused here at once, too.
    /// </summary>
    /// <exception cref="LoginStoreUnavailableException">The store cannot be reached.</exception>
    public async Task<RememberTokenRotation> RotateAsync(RememberToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rotation = await Store.RotateRememberTokenAsync(FamilyIds.ToText(token.FamilyId), FamilyIds.ToText(token.TokenId),
            LoginFamily.NewId(), now, options.RememberTokenReuseGrace, cancellationToken).ConfigureAwait(false);
        if (rotation.Outcome is RememberTokenRotationOutcome.Theft or RememberTokenRotationOutcome.EndedOrUnknown)
        {
            Ended.Add(token.FamilyId, KeepEndingUntil(now));
        }

        return rotation;
    }
}
