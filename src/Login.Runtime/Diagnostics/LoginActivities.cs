using System.Diagnostics;

namespace Login.Diagnostics;

/// <summary>
/// Login's spans, on the activity source named <c>Login</c> (OpenTelemetry: <c>AddSource("Login")</c>): loading the
/// current user, logging in, logging out, confirming a login, and rotating a remember token. Each is a child of the
/// activity current when it starts, the request's under ASP.NET Core.
/// </summary>
/// <remarks>
/// Free when nobody listens: <see cref="Start"/> asks <see cref="ActivitySource.HasListeners"/> first and returns
/// <c>null</c>, and every other member does nothing with <c>null</c>, so no activity, tag or string is made. Tags carry
/// the user id, as the logs do; never a cookie, a remember token or a login's id.
/// </remarks>
internal static class LoginActivities
{
    public const string SourceName = "Login";

    public const string LoadUser = "login.load_user";
    public const string LogIn = "login.log_in";
    public const string LogOut = "login.log_out";
    public const string Confirm = "login.confirm";
    public const string RotateRememberToken = "login.rotate_remember_token";

    /// <summary>The user's id (OpenTelemetry's <c>user.id</c>), when there is a user.</summary>
    public const string UserIdTag = "user.id";

    /// <summary>Where the loaded user came from; see <see cref="LoginUserSource"/>.</summary>
    public const string UserSourceTag = "login.user.source";

    /// <summary>Set (true) when the session store could not vouch for the request's login, so it was served as anonymous.</summary>
    public const string StoreUnavailableTag = "login.store_unavailable";

    public const string FreshTag = "login.fresh";
    public const string RememberTag = "login.remember";

    /// <summary>What the store decided about a remember token; see <see cref="RememberTokenRotationOutcome"/>.</summary>
    public const string RotationOutcomeTag = "login.remember_token.outcome";

    /// <summary>OpenTelemetry's <c>error.type</c>: the exception's type name.</summary>
    public const string ErrorTypeTag = "error.type";

    public static readonly ActivitySource Source = new(SourceName, typeof(LoginActivities).Assembly.GetName().Version?.ToString());

    /// <summary>Whether anyone listens to the source at all; when not, callers skip even the wrapping of their work.</summary>
    public static bool IsListenedTo => Source.HasListeners();

    /// <summary>A new activity under the current one, or <c>null</c> when nobody listens or the listener samples it out.</summary>
    public static Activity? Start(string name) => Source.HasListeners() ? Source.StartActivity(name) : null;

    public static Activity? StartLogIn(string userId, bool fresh, bool remember)
    {
        var activity = Start(LogIn);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(UserIdTag, userId);
            activity.SetTag(FreshTag, fresh);
            activity.SetTag(RememberTag, remember);
        }

        return activity;
    }

    public static Activity? StartWithUser(string name, string? userId)
    {
        var activity = Start(name);
        if (userId is not null && activity is { IsAllDataRequested: true })
        {
            activity.SetTag(UserIdTag, userId);
        }

        return activity;
    }

    /// <summary>Tags the load with where the user came from and, for a logged-in user, the user's id.</summary>
    public static void UserLoaded(Activity? activity, LoginUserSource source, IUser user, bool storeUnavailable)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(UserSourceTag, Name(source));
        if (source != LoginUserSource.Anonymous && user.GetId() is { } userId)
        {
            activity.SetTag(UserIdTag, userId);
        }

        if (storeUnavailable)
        {
            activity.SetTag(StoreUnavailableTag, true);
        }
    }

    /// <summary>Tags the activity with the user it is about (the one logging out, or confirming).</summary>
    public static void TagUser(Activity? activity, string userId)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(UserIdTag, userId);
        }
    }

    public static void Rotated(Activity? activity, RememberTokenRotationOutcome outcome)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RotationOutcomeTag, outcome switch
            {
                RememberTokenRotationOutcome.Rotated => "rotated",
                RememberTokenRotationOutcome.ReplayWithinGrace => "replay_within_grace",
                RememberTokenRotationOutcome.Theft => "theft",
                _ => "ended_or_unknown",
            });
        }
    }

    /// <summary>The rotation could not be decided: the store was out of reach (the cookie is kept for later).</summary>
    public static void RotationUnavailable(Activity? activity, Exception exception)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RotationOutcomeTag, "store_unavailable");
        }

        Failed(activity, exception);
    }

    /// <summary>Marks the activity failed (status Error, <c>error.type</c>, the exception as an event).</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(ErrorTypeTag, exception.GetType().FullName);
            activity.AddException(exception);
        }
    }

    private static string Name(LoginUserSource source) => source switch
    {
        LoginUserSource.Session => "session",
        LoginUserSource.RememberCookie => "remember_cookie",
        LoginUserSource.RequestLoader => "request_loader",
        LoginUserSource.HeaderLoader => "header_loader",
        _ => "anonymous",
    };
}
