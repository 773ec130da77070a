namespace Login;

/// <summary>
/// Marks the application's user class. The class must be <c>partial</c>: Login's generator adds the
/// <see cref="IUser"/> members (<c>GetId()</c>, <c>IsActive</c>, <c>IsAuthenticated</c>, <c>IsAnonymous</c>),
/// equality by id, and the binding that makes a handler parameter of this type the current user.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LoginUserAttribute : Attribute;
