namespace Login.WebApp.Users;

/// <summary>The current user on pages behind <c>[LoginRequired]</c>, where there always is one.</summary>
public static class LoggedInUser
{
    public static async Task<User> GetLoggedInUserAsync(this HttpContext context) =>
        await context.GetCurrentUserAsync<User>()
        ?? throw new InvalidOperationException($"{context.Request.Path} needs a logged-in user: mark its page model [LoginRequired].");
}
