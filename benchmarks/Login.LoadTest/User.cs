namespace Login.LoadTest;

/// <summary>The load test's user: an int id, as most apps have.</summary>
[LoginUser]
public partial class User
{
    public int Id { get; init; }
}
