namespace Login.Samples.Accounts;

/// <summary>What came of creating an account.</summary>
public enum Registration
{
    Created,
    EmailTaken,
}
