namespace Login;

/// <summary>A message flashed for the next page (Flask's <c>flash</c>), with its category.</summary>
/// <param name="Category">Flask's category, e.g. <c>message</c>, <c>info</c>, <c>error</c>.</param>
/// <param name="Message">The text to show.</param>
public sealed record FlashMessage(string Category, string Message);
