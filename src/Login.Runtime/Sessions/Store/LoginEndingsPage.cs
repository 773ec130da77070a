namespace Login;

/// <summary>A page of <see cref="ILoginSessionStore.GetEndedSinceAsync"/>: endings in sequence order.</summary>
/// <param name="Endings">The endings after the cursor that was asked for, oldest first.</param>
/// <param name="Cursor">Where to continue from: the last ending's <see cref="LoginFamilyEnding.Sequence"/>, or the cursor asked for when there was none.</param>
/// <param name="HasMore">Whether more endings follow; ask again with <see cref="Cursor"/>.</param>
public sealed record LoginEndingsPage(IReadOnlyList<LoginFamilyEnding> Endings, long Cursor, bool HasMore);
