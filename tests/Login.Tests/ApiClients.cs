namespace Login.Tests;

/// <summary>
/// An API-only user: no [UserLoader], only a [HeaderLoader] (<c>Key &lt;id&gt;</c>), so no session can ever name it. Apps
/// for it set <c>UserType = typeof(ApiClient)</c>.
/// </summary>
[LoginUser]
public partial class ApiClient
{
    public string Id { get; init; } = "";
}

public static class ApiClientKeys
{
    [HeaderLoader]
    public static ApiClient? FromKey(string headerValue) =>
        headerValue.StartsWith("Key ", StringComparison.Ordinal) && headerValue.Length > 4 ? new ApiClient { Id = headerValue[4..] } : null;
}
