namespace Login.Runtime.Benchmarks;

/// <summary>
/// An in-memory user store of <see cref="Count"/> users with ids 0 to Count - 1, made on demand: the loader's own cost
/// is one small allocation, so what the benchmarks measure is Login around it.
/// </summary>
public static class Users
{
    public const int Count = 1_000;

    [UserLoader]
    public static User? Load(int id) => id is >= 0 and < Count ? new User { Id = id } : null;
}
