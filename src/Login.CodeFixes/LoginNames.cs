namespace Login.CodeFixes;

/// <summary>Metadata names of Login's attributes, which the fixes write and read.</summary>
internal static class LoginNames
{
    public const string LoginUserAttribute = "Login.LoginUserAttribute";
    public const string LoginIdAttribute = "Login.LoginIdAttribute";
    public const string SessionStampAttribute = "Login.SessionStampAttribute";
    public const string UserLoaderAttribute = "Login.UserLoaderAttribute";
    public const string RequestLoaderAttribute = "Login.RequestLoaderAttribute";
    public const string HeaderLoaderAttribute = "Login.HeaderLoaderAttribute";
    public const string LoginRequiredAttribute = "Login.LoginRequiredAttribute";

    /// <summary>
    /// How the generator names the file it writes for a user type. A workspace compiles that file too, so the
    /// <c>GetId()</c> in it must not be taken for one the user wrote.
    /// </summary>
    public const string GeneratedUserFileSuffix = ".LoginUser.g.cs";
}
