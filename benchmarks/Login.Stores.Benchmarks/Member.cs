namespace Login.Stores.Benchmarks;

/// <summary>The benchmark app's user: an int id, made on demand, so what an instance holds is Login's own state.</summary>
[LoginUser]
public partial class Member
{
    public int Id { get; init; }
}

/// <summary>Every non-negative id is a user; none is stored.</summary>
public static class Members
{
    [UserLoader]
    public static Member? Load(int id) => id >= 0 ? new Member { Id = id } : null;
}
