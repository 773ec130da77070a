namespace Login.Tests.Hubs;

/// <summary>Connecting needs a login, and so does every call unless the method says [AllowAnonymous].</summary>
[LoginRequired]
public class LoginHub(HubProbe probe) : OpenHub(probe);
