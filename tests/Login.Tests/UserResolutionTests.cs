using Login.Diagnostics;
using Login.Sessions.Request;

namespace Login.Tests;

/// <summary>
/// The part of a request's login that keeps who the request is (<see cref="UserResolution"/>): what a guard, a hub
/// filter and an authentication state provider read, with no cookie to read and no response to write.
/// </summary>
public class UserResolutionTests
{
    private static readonly IUser Anonymous = AnonymousUser.Instance;

    [Fact]
    public void Before_any_load_nobody_is_known_and_nothing_is_vouched_for()
    {
        var resolution = new UserResolution();

        Assert.Null(resolution.User);
        Assert.Null(resolution.Pending);
        Assert.False(resolution.FromLogin);
        Assert.False(resolution.StoreUnavailable);
    }

    [Fact]
    public void Nobody_found_is_the_anonymous_user_and_a_store_that_could_not_vouch_is_said()
    {
        var resolution = new UserResolution();

        var user = resolution.Resolved(ResolvedUser.Unvouched, Anonymous);

        Assert.Same(Anonymous, user);
        Assert.Same(Anonymous, resolution.User);
        Assert.True(resolution.StoreUnavailable);
        Assert.False(resolution.FromLogin);
    }

    [Fact]
    public void A_user_from_a_request_loader_is_never_the_logins()
    {
        var resolution = new UserResolution();
        var found = new TestUser { Id = 3 };

        resolution.Resolved(new ResolvedUser(found, LoginUserSource.RequestLoader, FromLogin: false, StoreUnavailable: false), Anonymous);

        Assert.Same(found, resolution.User);
        Assert.False(resolution.FromLogin);
    }

    [Fact]
    public void A_shared_load_is_handed_out_until_it_ends()
    {
        var resolution = new UserResolution();
        var pending = new TaskCompletionSource<IUser>().Task;
        resolution.Share(pending);
        Assert.Same(pending, resolution.Pending);

        resolution.Resolved(new ResolvedUser(new TestUser { Id = 1 }, LoginUserSource.Session, FromLogin: true, StoreUnavailable: false), Anonymous);

        Assert.Null(resolution.Pending);
        Assert.True(resolution.FromLogin);
    }

    [Fact]
    public void A_login_and_a_logout_replace_whatever_was_loaded_or_loading()
    {
        var resolution = new UserResolution();
        resolution.Share(new TaskCompletionSource<IUser>().Task);
        var user = new TestUser { Id = 5 };

        resolution.LoggedIn(user);
        Assert.Same(user, resolution.User);
        Assert.True(resolution.FromLogin);
        Assert.Null(resolution.Pending);

        resolution.LoggedOut(Anonymous);
        Assert.Same(Anonymous, resolution.User);
        Assert.False(resolution.FromLogin);
    }
}
