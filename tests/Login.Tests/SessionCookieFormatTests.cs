using Login.Cookies;
using System.Buffers.Text;
using System.Security.Claims;
using Login.Authentication;
using Login.CompilerServices;
using Login.Sessions;
using Microsoft.AspNetCore.DataProtection;

namespace Login.Tests;

/// <summary>The session cookie's size and round trip, and the principal guards publish.</summary>
public class SessionCookieFormatTests
{
    private readonly SessionCookieFormat _format = new(new EphemeralDataProtectionProvider());

    [Theory]
    [InlineData(0, false)]
    [InlineData(999_999, false)]
    [InlineData(int.MaxValue, false)]
    [InlineData(int.MinValue, false)]
    [InlineData(int.MaxValue, true)]
    public void A_session_cookie_for_an_int_id_is_at_most_200_bytes(int id, bool stamped)
    {
        var value = _format.Protect(LoggedIn(id.ToString(System.Globalization.CultureInfo.InvariantCulture), stamped));

        Assert.InRange(value.Length, 1, 200);
        if (!stamped)
        {
            // Name and value together, as the browser stores and sends them, with the longer name of production.
            Assert.InRange($"{LoginCookieDefaults.SessionCookieName}={value}".Length, 1, 200);
        }
    }

    [Fact]
    public void Everything_the_session_holds_survives_the_round_trip()
    {
        var issued = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var session = new SessionState
        {
            UserId = "ünïcode-id",
            SessionId = Guid.NewGuid(),
            IssuedAt = issued,
            LastSeen = issued.AddMinutes(5),
            Fresh = true,
            Remember = true,
            Identifier = ClientIdentifier.Of("127.0.0.1", "agent"),
            Stamp = [1, 2, 3, 4, 5, 6, 7, 8],
            Next = "/next?a=b",
        };
        session.AddFlash(new FlashMessage("info", "hello"));
        session.AddFlash(new FlashMessage("error", new string('x', 300)));

        var read = _format.Unprotect(_format.Protect(session))!;

        Assert.Equal(session.UserId, read.UserId);
        Assert.Equal(session.SessionId, read.SessionId);
        Assert.Equal(session.IssuedAt, read.IssuedAt);
        Assert.Equal(session.LastSeen, read.LastSeen);
        Assert.True(read.Fresh);
        Assert.True(read.Remember);
        Assert.Equal(session.Identifier, read.Identifier);
        Assert.Equal(session.Stamp, read.Stamp);
        Assert.Equal(session.Next, read.Next);
        Assert.Equal(session.Flashes, read.Flashes);
    }

    [Fact]
    public void A_session_cookie_of_another_version_or_purpose_is_not_read()
    {
        var provider = new EphemeralDataProtectionProvider();
        var format = new SessionCookieFormat(provider);
        var remember = new RememberCookieFormat(provider);
        var token = remember.Protect(new RememberToken("1", Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1), TimeSpan.FromDays(1), null) { UserType = UserTypeFixtures.TestUser });

        Assert.Null(format.Unprotect(token));
        var oldPurpose = System.Buffers.Text.Base64Url.EncodeToString(provider.CreateProtector("Login.SessionCookie.v2").Protect(new byte[40]));
        Assert.Null(format.Unprotect(oldPurpose));
    }

    [Fact]
    public void A_valid_session_payload_protected_for_the_remember_cookie_is_not_read_as_a_session()
    {
        // The payload is a session's, byte for byte, version byte and all: only the purpose it is protected under is the
        // remember cookie's. Each purpose is the one the format itself uses, recorded as it protects.
        var keys = new PurposeRecorder(new EphemeralDataProtectionProvider());
        var format = new SessionCookieFormat(keys);
        var session = LoggedIn("1", stamped: false);
        var cookie = format.Protect(session);
        var (sessionPurpose, payload) = keys.Last;
        new RememberCookieFormat(keys).Protect(new RememberToken("1", Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1), TimeSpan.FromDays(1), null) { UserType = UserTypeFixtures.TestUser });
        var rememberPurpose = keys.Last.Purpose;
        Assert.Equal(session.SessionId, format.Unprotect(keys.Protect(sessionPurpose, payload))?.SessionId); // the payload is valid

        Assert.Null(format.Unprotect(keys.Protect(rememberPurpose, payload)));
        Assert.NotNull(format.Unprotect(cookie));
    }

    [Fact]
    public void A_valid_remember_payload_protected_for_the_session_cookie_is_not_read_as_a_remember_cookie()
    {
        var keys = new PurposeRecorder(new EphemeralDataProtectionProvider());
        var remember = new RememberCookieFormat(keys);
        var now = DateTimeOffset.UtcNow;
        var token = new RememberToken("1", Guid.NewGuid(), Guid.NewGuid(), now.AddDays(1), TimeSpan.FromDays(1), null) { UserType = UserTypeFixtures.TestUser };
        remember.Protect(token);
        var (rememberPurpose, payload) = keys.Last;
        new SessionCookieFormat(keys).Protect(LoggedIn("1", stamped: false));
        var sessionPurpose = keys.Last.Purpose;
        Assert.True(remember.TryUnprotect(keys.Protect(rememberPurpose, payload), now, out var read)); // the payload is valid
        Assert.Equal(token.FamilyId, read.FamilyId);

        Assert.False(remember.TryUnprotect(keys.Protect(sessionPurpose, payload), now, out _));
    }

    /// <summary>A provider that remembers the purpose and plaintext of the last thing protected through it.</summary>
    private sealed class PurposeRecorder(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        public (string Purpose, byte[] Payload) Last { get; private set; }

        public IDataProtector CreateProtector(string purpose) => new Recording(this, purpose, inner.CreateProtector(purpose));

        public string Protect(string purpose, byte[] payload) => Base64Url.EncodeToString(inner.CreateProtector(purpose).Protect(payload));

        private sealed class Recording(PurposeRecorder owner, string purpose, IDataProtector inner) : IDataProtector
        {
            public IDataProtector CreateProtector(string subPurpose) => inner.CreateProtector(subPurpose);

            public byte[] Protect(byte[] plaintext)
            {
                owner.Last = (purpose, plaintext.ToArray());
                return inner.Protect(plaintext);
            }

            public byte[] Unprotect(byte[] protectedData) => inner.Unprotect(protectedData);
        }
    }

    [Fact]
    public void The_published_principal_is_the_user_once_anything_looks()
    {
        var principal = new LoginPrincipal(new TestUser { Id = 42 });

        Assert.True(principal.Identity!.IsAuthenticated);
        Assert.Equal(LoginDefaults.AuthenticationScheme, principal.Identity.AuthenticationType);
        Assert.Equal("42", principal.Identity.Name);
        Assert.Equal("42", principal.FindFirst(ClaimTypes.NameIdentifier)?.Value);
        Assert.Single(principal.Claims);
        Assert.Single(principal.Identities);
        Assert.False(principal.IsInRole("admin"));
    }

    [Fact]
    public void An_identity_added_to_the_published_principal_comes_after_the_login_identity()
    {
        var principal = new LoginPrincipal(new TestUser { Id = 42 });

        principal.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")], "Extra"));

        Assert.Equal([LoginDefaults.AuthenticationScheme, "Extra"], principal.Identities.Select(i => i.AuthenticationType));
        Assert.Equal("42", principal.Identity!.Name);
        Assert.True(principal.IsInRole("admin"));
        Assert.Equal(2, principal.Clone().Identities.Count());
    }

    private static SessionState LoggedIn(string userId, bool stamped) => new()
    {
        UserId = userId,
        SessionId = Guid.NewGuid(),
        IssuedAt = DateTimeOffset.UtcNow,
        LastSeen = DateTimeOffset.UtcNow,
        Fresh = true,
        Identifier = ClientIdentifier.Of("127.0.0.1", "Mozilla/5.0"),
        Stamp = stamped ? new byte[SessionStamps.Length] : null,
    };
}
