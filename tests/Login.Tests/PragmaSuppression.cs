// This file is a test by itself: if '#pragma warning disable' did not suppress Login's diagnostics,
// LOGIN004 (an error) would stop this project from compiling and every test in it would fail.
#pragma warning disable LOGIN004
namespace Login.Tests;

[LoginUser]
public partial class UserWithoutLoader
{
    public int Id { get; init; }
}
#pragma warning restore LOGIN004
