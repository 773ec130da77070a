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

    [Theory]
    [InlineData("1", 176)] // the remarks' figure: a 1-character id and the key "Customer" stay within 48 bytes of plaintext
    [InlineData("123", 176)]
    [InlineData("1234", 198)]
    [InlineData("2147483647", 198)]
    [InlineData("-9223372036854775808", 219)]
    public void A_session_cookie_with_the_key_Customer_has_the_size_the_remarks_give(string userId, int length)
    {
        var customer = new LoginUserType("Customer", typeof(TestUser), user: null, request: [], header: []);
        var session = LoggedIn(userId, stamped: false);
        session.UserType = customer;

        Assert.Equal(length, _format.Protect(session).Length);
    }

    [Fact]
    public void A_logged_in_session_records_its_user_type_and_reads_back_as_the_same_type()
    {
        var format = new SessionCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.Two);
        var admin = LoggedIn("5", stamped: true);
        admin.UserType = UserTypeFixtures.Admin;
        var customer = LoggedIn("5", stamped: true);
        customer.UserType = UserTypeFixtures.TestUser;

        var readAdmin = format.Unprotect(format.Protect(admin))!;
        var readCustomer = format.Unprotect(format.Protect(customer))!;

        Assert.Same(UserTypeFixtures.Admin, readAdmin.UserType);
        Assert.Same(UserTypeFixtures.TestUser, readCustomer.UserType);
        Assert.Equal("5", readAdmin.UserId);
        Assert.Equal(admin.Stamp, readAdmin.Stamp);
        Assert.False(readAdmin.HasUnknownUserType);
        Assert.Null(readAdmin.UnknownUserType);
    }

    [Fact]
    public void A_session_naming_a_user_type_the_app_does_not_have_reads_with_that_key_and_no_type()
    {
        var keys = new EphemeralDataProtectionProvider();
        var written = LoggedIn("5", stamped: false);
        written.UserType = UserTypeFixtures.Admin;
        var cookie = new SessionCookieFormat(keys, () => UserTypeFixtures.Two).Protect(written);

        var read = new SessionCookieFormat(keys, () => UserTypeFixtures.One).Unprotect(cookie)!;

        Assert.True(read.HasUnknownUserType);
        Assert.Null(read.UserType);
        Assert.Equal("admin", read.UnknownUserType);
        Assert.Equal("5", read.UserId); // the rest of the cookie is read: the refusal is the caller's, who logs it
    }

    [Fact]
    public void A_key_less_session_from_before_user_types_is_the_only_type_s_and_nobody_s_with_two()
    {
        var keys = new EphemeralDataProtectionProvider();
        var cookie = new SessionCookieFormat(keys).Protect(LoggedIn("5", stamped: false)); // no type: no key written

        var withOne = new SessionCookieFormat(keys, () => UserTypeFixtures.One).Unprotect(cookie)!;
        var withTwo = new SessionCookieFormat(keys, () => UserTypeFixtures.Two).Unprotect(cookie)!;

        Assert.Same(UserTypeFixtures.TestUser, withOne.UserType);
        Assert.False(withOne.HasUnknownUserType);
        Assert.Null(withTwo.UserType);
        Assert.True(withTwo.HasUnknownUserType);
        Assert.Null(withTwo.UnknownUserType); // it recorded none
    }

    [Fact]
    public void An_anonymous_session_records_no_user_type_and_clearing_a_login_forgets_it()
    {
        var format = new SessionCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.Two);
        var session = LoggedIn("5", stamped: false);
        session.UserType = UserTypeFixtures.Admin;
        session.AddFlash(new FlashMessage("info", "bye"));

        session.ClearLogin();
        var read = format.Unprotect(format.Protect(session))!;

        Assert.Null(session.UserType);
        Assert.Null(read.UserType);
        Assert.Null(read.UserId);
        Assert.False(read.HasUnknownUserType);
        Assert.Single(read.Flashes!);
    }

    [Fact]
    public void A_remember_cookie_records_its_user_type_and_reads_back_as_the_same_type()
    {
        var format = new RememberCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.Two);
        var now = DateTimeOffset.UtcNow;
        var token = new RememberToken("5", Guid.NewGuid(), Guid.NewGuid(), now.AddDays(1), TimeSpan.FromDays(1), [1, 2, 3, 4, 5, 6, 7, 8])
        {
            UserType = UserTypeFixtures.Admin,
        };

        Assert.True(format.TryUnprotect(format.Protect(token), now, out var read));

        Assert.Same(UserTypeFixtures.Admin, read.UserType);
        Assert.Equal("5", read.UserId);
        Assert.Equal(token.FamilyId, read.FamilyId);
        Assert.Equal(token.TokenId, read.TokenId);
        Assert.Equal(token.Stamp, read.Stamp);
        Assert.Null(read.UnknownUserType);
    }

    [Fact]
    public void A_remember_cookie_naming_a_user_type_the_app_does_not_have_reads_with_that_key_and_no_type()
    {
        var keys = new EphemeralDataProtectionProvider();
        var now = DateTimeOffset.UtcNow;
        var cookie = new RememberCookieFormat(keys, () => UserTypeFixtures.Two).Protect(
            new RememberToken("ünï", Guid.NewGuid(), Guid.NewGuid(), now.AddDays(1), TimeSpan.FromDays(1), null) { UserType = UserTypeFixtures.Admin });

        Assert.True(new RememberCookieFormat(keys, () => UserTypeFixtures.One).TryUnprotect(cookie, now, out var read));

        Assert.Null(read.UserType);
        Assert.Equal("admin", read.UnknownUserType);
        Assert.Equal("ünï", read.UserId);
    }

    [Fact]
    public void A_version_3_remember_cookie_from_before_user_types_is_the_only_type_s_and_nobody_s_with_two()
    {
        // Version 3's layout byte by byte: no key between the stamp and the user id.
        var keys = new EphemeralDataProtectionProvider();
        var now = DateTimeOffset.UtcNow;
        var familyId = Guid.NewGuid();
        var payload = new byte[58 + 2];
        payload[0] = 3;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), now.AddDays(1).ToUnixTimeSeconds());
        familyId.TryWriteBytes(payload.AsSpan(9));
        Guid.NewGuid().TryWriteBytes(payload.AsSpan(25));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(41), 86_400);
        "42"u8.CopyTo(payload.AsSpan(58));
        var cookie = Base64Url.EncodeToString(keys.CreateProtector("Login.RememberCookie.v3").Protect(payload));

        Assert.True(new RememberCookieFormat(keys, () => UserTypeFixtures.One).TryUnprotect(cookie, now, out var withOne));
        Assert.True(new RememberCookieFormat(keys, () => UserTypeFixtures.Two).TryUnprotect(cookie, now, out var withTwo));

        Assert.Same(UserTypeFixtures.TestUser, withOne.UserType);
        Assert.Equal("42", withOne.UserId);
        Assert.Equal(familyId, withOne.FamilyId);
        Assert.Null(withTwo.UserType);
        Assert.Null(withTwo.UnknownUserType);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(200)]
    public void A_remember_cookie_with_an_impossible_key_length_is_unreadable(byte keyLength)
    {
        var keys = new EphemeralDataProtectionProvider();
        var payload = new byte[58 + 1 + 220];
        payload[0] = 4;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds());
        payload[58] = keyLength;
        payload.AsSpan(59).Fill((byte)'a');
        var cookie = Base64Url.EncodeToString(keys.CreateProtector("Login.RememberCookie.v3").Protect(payload));

        Assert.Equal(RememberCookieRefusal.Unreadable,
            new RememberCookieFormat(keys, () => UserTypeFixtures.One).Read(cookie, DateTimeOffset.UtcNow, out _, out _));
    }

    [Fact]
    public void A_remember_cookie_is_never_written_without_a_user_type()
    {
        var format = new RememberCookieFormat(new EphemeralDataProtectionProvider());
        var token = new RememberToken("5", Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1), TimeSpan.FromDays(1), null);

        Assert.Throws<InvalidOperationException>(() => format.Protect(token));
    }

    [Fact]
    public void The_published_principal_names_the_user_type_when_it_knows_the_app_s_types()
    {
        var principal = new LoginPrincipal(new TestUser { Id = 42 }, UserTypeFixtures.One);

        Assert.Equal("TestUser", principal.FindFirst(LoginDefaults.UserTypeClaimType)?.Value);
        Assert.Equal("42", principal.Identity!.Name);
        Assert.Equal(2, principal.Claims.Count());
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
