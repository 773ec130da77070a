using System.Collections.Concurrent;

namespace Login.Urls;

/// <summary>
/// The login views of <see cref="LoginOptions.LoginViewFor{TUser}(string)"/>, parsed the first time a challenge needs one
/// and again only if the option's text for that type changes (as <see cref="LoginView.FromOption"/> keeps the app's).
/// </summary>
internal static class UserTypeLoginViews
{
    private static readonly ConcurrentDictionary<Type, LoginView> s_parsed = new();

    /// <summary>The parsed form of <paramref name="text"/>, the view set for <paramref name="userType"/>.</summary>
    /// <exception cref="InvalidOperationException">The text is no view (options are validated at startup, so only if changed since).</exception>
    public static LoginView Of(Type userType, string text)
    {
        if (s_parsed.TryGetValue(userType, out var cached) && (ReferenceEquals(cached.Text, text) || cached.Text == text))
        {
            return cached;
        }

        var option = $"LoginViewFor<{userType.Name}>";
        var view = LoginView.TryParse(text, out var parsed, out var problem)
            ? parsed
            : throw new InvalidOperationException(LoginView.Describe($"LoginOptions.{option}", text, problem));
        s_parsed[userType] = view;
        return view;
    }
}
