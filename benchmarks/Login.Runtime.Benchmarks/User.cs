namespace Login.Runtime.Benchmarks;

/// <summary>The benchmark apps' user: an int id, as most apps have.</summary>
[LoginUser]
public partial class User
{
    public int Id { get; init; }
}
