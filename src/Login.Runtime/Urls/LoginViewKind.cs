namespace Login.Urls;

/// <summary>What a <see cref="LoginView"/> was written as.</summary>
internal enum LoginViewKind
{
    /// <summary>A path such as <c>/login</c>, under the app's path base.</summary>
    Path,

    /// <summary>An absolute http or https URL, used as it is.</summary>
    AbsoluteUrl,

    /// <summary>The name of an endpoint (<c>.WithName("login")</c>), turned into its path per request.</summary>
    EndpointName,
}
