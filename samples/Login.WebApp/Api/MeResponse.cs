namespace Login.WebApp.Api;

/// <summary>What <c>GET /api/me</c> answers to the holder of an API key.</summary>
public sealed record MeResponse(int Id, string Email, DateTimeOffset MemberSince);
