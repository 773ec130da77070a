namespace Login;

/// <summary>
/// Marks a static method that loads a user from the request itself, for API clients without a session
/// (Flask-Login's <c>request_loader</c>). Its first parameter is the <see cref="Microsoft.AspNetCore.Http.HttpRequest"/>
/// or <see cref="Microsoft.AspNetCore.Http.HttpContext"/>; further parameters come from the request's services, and a
/// <see cref="CancellationToken"/> receives the request's. It returns the user (or a task of it), <c>null</c> for none.
/// Tried only when the session and the remember cookie give no user; the session cookie is not written.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RequestLoaderAttribute : Attribute;
