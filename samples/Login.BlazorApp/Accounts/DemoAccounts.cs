namespace Login.BlazorApp.Accounts;

/// <summary>
/// Two accounts to try the sample with, created on first start in Development (never in Production: their passwords
/// are printed and in the source). Two, so one browser can log in as each and watch one's logout leave the other alone.
/// </summary>
public static class DemoAccounts
{
    public static readonly (string Email, string Password)[] All =
    [
        ("alice@example.com", "alice-lantern"),
        ("bob@example.com", "bob-lantern"),
    ];

    /// <summary>Creates the accounts that are not there yet; an account already there keeps its password.</summary>
    public static async Task CreateAsync(UserStore users, CancellationToken cancellationToken = default)
    {
        foreach (var (email, password) in All)
        {
            await users.RegisterAsync(email, password, cancellationToken);
        }
    }

    /// <summary>Where to go and whom to log in as, on the console after Kestrel's own "Now listening on" lines.</summary>
    public static void PrintWelcome(ICollection<string> urls, IHostEnvironment environment)
    {
        var url = urls.FirstOrDefault() ?? "(no address)";
        Console.WriteLine();
        Console.WriteLine($"Login.BlazorApp is running: open {url}/live");
        if (environment.IsDevelopment())
        {
            foreach (var (email, password) in All)
            {
                Console.WriteLine($"  log in as {email} with the password {password}");
            }
        }

        Console.WriteLine("Press Ctrl+C to stop.");
        Console.WriteLine();
    }
}
