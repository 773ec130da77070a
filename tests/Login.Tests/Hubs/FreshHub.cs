namespace Login.Tests.Hubs;

/// <summary>Connecting needs a fresh login, and so does every call unless the method says [AllowAnonymous].</summary>
[FreshLoginRequired]
public class FreshHub(HubProbe probe) : OpenHub(probe);
