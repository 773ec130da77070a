namespace Login.UserTypes.Tests;

/// <summary>A shop's customer: the default key, the class's name ("Customer").</summary>
[LoginUser]
public partial class Customer
{
    public int Id { get; init; }

    public string Name { get; init; } = "";

    [UserLoader]
    public static Customer? Load(int id, Accounts accounts) => accounts.Customers.GetValueOrDefault(id);
}

/// <summary>The shop's staff, in a table of their own: ids overlap with customers' (Admin 5 and Customer 5 both exist).</summary>
[LoginUser("admin")]
public partial class Admin
{
    public int Id { get; init; }

    public string Name { get; init; } = "";

    [UserLoader]
    public static Admin? Load(int id, Accounts accounts) => accounts.Admins.GetValueOrDefault(id);
}

/// <summary>Both tables. Customer 5 and Admin 5 are different people; so are 7 and 7.</summary>
public sealed class Accounts
{
    public Dictionary<int, Customer> Customers { get; } = new()
    {
        [5] = new Customer { Id = 5, Name = "Carol (customer 5)" },
        [7] = new Customer { Id = 7, Name = "Cody (customer 7)" },
    };

    public Dictionary<int, Admin> Admins { get; } = new()
    {
        [5] = new Admin { Id = 5, Name = "Alice (admin 5)" },
        [7] = new Admin { Id = 7, Name = "Arno (admin 7)" },
    };
}
