namespace Login;

/// <summary>
/// Marks the static method that loads a user from the id stored in the session (Flask-Login's <c>user_loader</c>).
/// The first parameter is the id, typed as the user's id member (or <see cref="string"/>); further parameters are
/// resolved from the request's services, and a <see cref="CancellationToken"/> receives the request's.
/// It returns the user, <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/> of it; <c>null</c> means
/// "no such user" and the request continues as anonymous.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class UserLoaderAttribute : Attribute;
