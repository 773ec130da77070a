namespace Login.Tests;

/// <summary>What the generator adds to a [LoginUser] class, seen from the running code.</summary>
public class UserTests
{
    [Fact]
    public void Generated_IUser_members_follow_Flask_Login()
    {
        IUser user = new TestUser { Id = 42, IsActive = false };

        Assert.Equal("42", user.GetId());
        Assert.False(user.IsAuthenticated); // = IsActive, as Flask-Login 0.6
        Assert.False(user.IsAnonymous);
        Assert.True(new TestUser { Id = 1 }.IsAuthenticated);
    }

    [Fact]
    public void Users_are_equal_by_id()
    {
        Assert.Equal(new TestUser { Id = 7 }, new TestUser { Id = 7, IsActive = false });
        Assert.NotEqual(new TestUser { Id = 7 }, new TestUser { Id = 8 });
        Assert.Equal(new TestUser { Id = 7 }.GetHashCode(), new TestUser { Id = 7 }.GetHashCode());
    }

    [Fact]
    public void Ids_are_formatted_and_parsed_with_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            Assert.Equal("-1234567", Login.CompilerServices.LoginIds.Format(-1234567));
            Assert.True(Login.CompilerServices.LoginIds.TryParse<int>("-1234567", out var parsed));
            Assert.Equal(-1234567, parsed);
            Assert.False(Login.CompilerServices.LoginIds.TryParse<int>("12abc", out _));
            Assert.False(Login.CompilerServices.LoginIds.TryParse<Guid>("not-a-guid", out _));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_anonymous_user_is_nobody()
    {
        IUser anonymous = AnonymousUser.Instance;

        Assert.Null(anonymous.GetId());
        Assert.False(anonymous.IsActive);
        Assert.False(anonymous.IsAuthenticated);
        Assert.True(anonymous.IsAnonymous);
    }
}
