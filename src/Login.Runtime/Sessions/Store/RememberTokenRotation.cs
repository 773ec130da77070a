namespace Login;

/// <summary>The answer of <see cref="ILoginSessionStore.RotateRememberTokenAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="TokenId">
/// The remember token id to issue: the new one for <see cref="RememberTokenRotationOutcome.Rotated"/>, the already-current
/// one for <see cref="RememberTokenRotationOutcome.ReplayWithinGrace"/>; <see langword="null"/> otherwise.
/// </param>
/// <param name="Family">The family after the rotation (ended for <see cref="RememberTokenRotationOutcome.Theft"/>); <see langword="null"/> when unknown.</param>
public readonly record struct RememberTokenRotation(RememberTokenRotationOutcome Outcome, string? TokenId, LoginFamily? Family);
