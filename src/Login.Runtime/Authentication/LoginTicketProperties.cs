using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;

namespace Login.Authentication;

/// <summary>
/// The <see cref="AuthenticationProperties"/> of every Login ticket: empty, and one instance for all of them. A ticket
/// must have properties, and new ones cost two dictionaries (about 200 bytes) on every authenticated request; Login has
/// nothing to put in them (its session's issue time, expiry and persistence live in its own cookie, checked by Login),
/// so they are shared, and read-only so that nothing written on one request can show on another: a write throws,
/// naming what to do instead.
/// </summary>
internal static class LoginTicketProperties
{
    public static AuthenticationProperties Shared { get; } =
        new(new ReadOnlyEmpty<string?>(), new ReadOnlyEmpty<object?>());

    /// <summary>An empty dictionary that refuses writes with an explanation rather than a bare <see cref="NotSupportedException"/>.</summary>
    private sealed class ReadOnlyEmpty<TValue> : IDictionary<string, TValue>
    {
        public int Count => 0;

        public bool IsReadOnly => true;

        public ICollection<string> Keys => [];

        public ICollection<TValue> Values => [];

        public TValue this[string key]
        {
            get => throw new KeyNotFoundException($"The properties of a Login authentication ticket are empty; '{key}' is not among them.");
            set => throw ReadOnly();
        }

        public void Add(string key, TValue value) => throw ReadOnly();

        public void Add(KeyValuePair<string, TValue> item) => throw ReadOnly();

        public bool Remove(string key) => throw ReadOnly();

        public bool Remove(KeyValuePair<string, TValue> item) => throw ReadOnly();

        public void Clear() => throw ReadOnly();

        public bool ContainsKey(string key) => false;

        public bool Contains(KeyValuePair<string, TValue> item) => false;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
        {
            value = default;
            return false;
        }

        public void CopyTo(KeyValuePair<string, TValue>[] array, int arrayIndex) => ArgumentNullException.ThrowIfNull(array);

        public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, TValue>>().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static InvalidOperationException ReadOnly() => new(
            "The properties of a Login authentication ticket are shared by every request and read-only: Login keeps the " +
            "login's issue time, expiry and persistence in its own session cookie. Keep per-request values in HttpContext.Items, " +
            "and per-login values on the user (a [LoginClaim] member becomes a claim).");
    }
}
