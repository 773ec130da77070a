namespace Login;

/// <summary>
/// Marks the member that identifies a <see cref="LoginUserAttribute">[LoginUser]</see>, when it is not called <c>Id</c>.
/// Its value is what the session cookie stores and what the <see cref="UserLoaderAttribute">[UserLoader]</see> receives.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class LoginIdAttribute : Attribute;
