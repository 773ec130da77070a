namespace Login.WebApp.Users;

/// <summary>What came of creating an account.</summary>
public enum Registration
{
    Created,
    EmailTaken,
}
