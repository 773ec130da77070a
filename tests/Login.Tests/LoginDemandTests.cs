using System.Reflection;
using Login.CompilerServices;
using Login.Guards;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Login.Tests;

/// <summary>
/// The one rule of issue 18's guards, without a pipeline: what an endpoint demands (<see cref="LoginRequirements.Of"/>:
/// the requirement and the user type) and what a login gets (<see cref="LoginDecisions.Decide"/>). Every surface asks
/// these two, so the HTTP, hub and component tests only check that each surface asks them and answers in its own way.
/// </summary>
public class LoginDemandTests
{
    private static readonly TestUser Tess = new() { Id = 1 };
    private static readonly GatedUser Gus = new() { Id = 1 }; // the same id, another user type

    /// <summary>A subclass of a user class: the same user type, narrower.</summary>
    private sealed class PremiumTestUser : TestUser;

    [Fact]
    public void No_requirement_demands_nothing_even_with_a_user_parameter()
    {
        Assert.Null(LoginRequirements.Of([]));
        // A handler parameter of a user type narrows a guard's type; it guards nothing by itself (LOGIN007 says so at compile time).
        Assert.Null(LoginRequirements.Of([new UserParameterMetadata(typeof(TestUser))]));
    }

    [Fact]
    public void LoginRequired_demands_a_login_of_any_type()
    {
        Assert.Equal(new LoginDemand(LoginRequirement.Login, null), LoginRequirements.Of([new LoginRequiredAttribute()]));
        Assert.Equal(new LoginDemand(LoginRequirement.FreshLogin, null), LoginRequirements.Of([new FreshLoginRequiredAttribute()]));
    }

    [Fact]
    public void The_generic_attributes_demand_their_type()
    {
        Assert.Equal(new LoginDemand(LoginRequirement.Login, typeof(TestUser)), LoginRequirements.Of([new LoginRequiredAttribute<TestUser>()]));
        Assert.Equal(new LoginDemand(LoginRequirement.FreshLogin, typeof(TestUser)), LoginRequirements.Of([new FreshLoginRequiredAttribute<TestUser>()]));
    }

    [Fact]
    public void The_strongest_requirement_and_the_named_type_combine_from_different_sources()
    {
        // A group's RequireFreshLogin() and a handler's [LoginRequired<TestUser>]: a fresh login, as a TestUser.
        Assert.Equal(new LoginDemand(LoginRequirement.FreshLogin, typeof(TestUser)),
            LoginRequirements.Of([new FreshLoginRequiredAttribute(), new LoginRequiredAttribute<TestUser>()]));
        Assert.Equal(new LoginDemand(LoginRequirement.FreshLogin, typeof(TestUser)),
            LoginRequirements.Of([new LoginRequiredAttribute<TestUser>(), new FreshLoginRequiredAttribute()]));
    }

    [Fact]
    public void A_user_parameter_narrows_LoginRequired_to_its_type()
    {
        Assert.Equal(new LoginDemand(LoginRequirement.Login, typeof(TestUser)),
            LoginRequirements.Of([new LoginRequiredAttribute(), new UserParameterMetadata(typeof(TestUser))]));
        Assert.Equal(new LoginDemand(LoginRequirement.Login, typeof(TestUser)),
            LoginRequirements.Of([new UserParameterMetadata(typeof(TestUser)), new LoginRequiredAttribute()]));
    }

    private static string TakesTess(TestUser user, HttpContext http) => user.GetId() + http.TraceIdentifier;

    private static string TakesAnyone(IUser user, HttpContext http) => user.GetId() + http.TraceIdentifier;

    private static MethodInfo Handler(string name) =>
        typeof(LoginDemandTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    [Fact]
    public void The_handlers_own_parameters_of_a_user_type_narrow_as_the_generated_metadata_does()
    {
        // Where the Request Delegate Generator owns the call, the generated UserParameterMetadata is missing (it cannot see
        // Login's generated code), and the endpoint's MethodInfo is all that says what the handler takes.
        Assert.Equal(new LoginDemand(LoginRequirement.Login, typeof(TestUser)),
            LoginRequirements.Of([Handler(nameof(TakesTess)), new LoginRequiredAttribute()]));
        Assert.Equal(new LoginDemand(LoginRequirement.Login, null),
            LoginRequirements.Of([Handler(nameof(TakesAnyone)), new LoginRequiredAttribute()]));
        Assert.Null(LoginRequirements.Of([Handler(nameof(TakesTess))]));
        Assert.True(LoginRequirements.Of([Handler(nameof(TakesTess)), new LoginRequiredAttribute<GatedUser>()])!.Value.HasConflictingUserTypes);
    }

    [Fact]
    public void A_subclass_and_its_user_class_narrow_to_the_subclass_in_either_order()
    {
        Assert.Equal(typeof(PremiumTestUser),
            LoginRequirements.Of([new LoginRequiredAttribute<TestUser>(), new UserParameterMetadata(typeof(PremiumTestUser))])!.Value.UserType);
        Assert.Equal(typeof(PremiumTestUser),
            LoginRequirements.Of([new UserParameterMetadata(typeof(PremiumTestUser)), new LoginRequiredAttribute<TestUser>()])!.Value.UserType);
    }

    [Fact]
    public void Two_unrelated_user_types_make_a_demand_nobody_passes()
    {
        // [LoginRequired<TestUser>] on a handler taking a GatedUser (LOGIN015 at compile time): no user is both.
        var demand = LoginRequirements.Of([new LoginRequiredAttribute<TestUser>(), new UserParameterMetadata(typeof(GatedUser))])!.Value;
        var twoAttributes = LoginRequirements.Of([new LoginRequiredAttribute<GatedUser>(), new LoginRequiredAttribute<TestUser>(), new LoginRequiredAttribute()])!.Value;

        Assert.True(demand.HasConflictingUserTypes);
        Assert.True(twoAttributes.HasConflictingUserTypes);
        Assert.Equal(LoginDecision.WrongUserType, LoginDecisions.Decide(Tess, isFresh: true, storeUnavailable: false, demand));
        Assert.Equal(LoginDecision.WrongUserType, LoginDecisions.Decide(Gus, isFresh: true, storeUnavailable: false, demand));
        Assert.Equal(LoginDecision.WrongUserType, LoginDecisions.Decide(Tess, isFresh: true, storeUnavailable: false, twoAttributes));
        Assert.Equal(LoginDecision.NotLoggedIn, LoginDecisions.Decide(AnonymousUser.Instance, isFresh: false, storeUnavailable: false, demand));
    }

    [Fact]
    public void AllowAnonymous_wins_over_a_typed_requirement()
    {
        Assert.Null(LoginRequirements.Of([new LoginRequiredAttribute<TestUser>(), new AllowAnonymousAttribute()]));
        Assert.Null(LoginRequirements.Of([new AllowAnonymousAttribute(), new UserParameterMetadata(typeof(TestUser)), new LoginRequiredAttribute()]));
    }

    [Fact]
    public void What_the_generator_saw_counts_only_without_a_requirement_in_the_metadata()
    {
        Assert.Equal(new LoginDemand(LoginRequirement.FreshLogin, typeof(TestUser)),
            LoginRequirements.Of([new UserParameterMetadata(typeof(TestUser))], assumed: LoginRequirement.FreshLogin));
        Assert.Equal(new LoginDemand(LoginRequirement.Login, null),
            LoginRequirements.Of([new LoginRequiredAttribute()], assumed: LoginRequirement.FreshLogin));
    }

    [Fact]
    public void A_login_of_the_required_type_passes_and_of_another_type_is_refused()
    {
        var tessOnly = new LoginDemand(LoginRequirement.Login, typeof(TestUser));

        Assert.Equal(LoginDecision.Pass, LoginDecisions.Decide(Tess, isFresh: false, storeUnavailable: false, tessOnly));
        Assert.Equal(LoginDecision.WrongUserType, LoginDecisions.Decide(Gus, isFresh: true, storeUnavailable: false, tessOnly));
        Assert.Equal(LoginDecision.Pass, LoginDecisions.Decide(new PremiumTestUser { Id = 2 }, isFresh: false, storeUnavailable: false, tessOnly));
    }

    [Fact]
    public void Any_type_passes_a_demand_without_a_type()
    {
        var anyone = new LoginDemand(LoginRequirement.Login);

        Assert.Equal(LoginDecision.Pass, LoginDecisions.Decide(Tess, isFresh: false, storeUnavailable: false, anyone));
        Assert.Equal(LoginDecision.Pass, LoginDecisions.Decide(Gus, isFresh: false, storeUnavailable: false, anyone));
    }

    [Fact]
    public void The_type_is_decided_before_freshness()
    {
        var freshTess = new LoginDemand(LoginRequirement.FreshLogin, typeof(TestUser));

        // A stale login of the right type: the refresh view, as today. Another type, fresh or stale: 403, never a refresh.
        Assert.Equal(LoginDecision.NotFresh, LoginDecisions.Decide(Tess, isFresh: false, storeUnavailable: false, freshTess));
        Assert.Equal(LoginDecision.Pass, LoginDecisions.Decide(Tess, isFresh: true, storeUnavailable: false, freshTess));
        Assert.Equal(LoginDecision.WrongUserType, LoginDecisions.Decide(Gus, isFresh: false, storeUnavailable: false, freshTess));
    }

    [Fact]
    public void Anonymous_is_not_logged_in_or_unvouched_whatever_the_type()
    {
        var tessOnly = new LoginDemand(LoginRequirement.Login, typeof(TestUser));

        Assert.Equal(LoginDecision.NotLoggedIn, LoginDecisions.Decide(AnonymousUser.Instance, isFresh: false, storeUnavailable: false, tessOnly));
        Assert.Equal(LoginDecision.StoreUnavailable, LoginDecisions.Decide(AnonymousUser.Instance, isFresh: false, storeUnavailable: true, tessOnly));
    }

    [Fact]
    public void A_user_types_login_view_is_used_for_it_and_its_subclasses_else_the_apps()
    {
        var options = new LoginOptions { LoginView = "/login" }.LoginViewFor<TestUser>("/tess/login");

        Assert.Equal("/tess/login", LoginChallenge.LoginViewOf(options, typeof(TestUser))!.Text);
        Assert.Equal("/tess/login", LoginChallenge.LoginViewOf(options, typeof(PremiumTestUser))!.Text);
        Assert.Equal("/login", LoginChallenge.LoginViewOf(options, typeof(GatedUser))!.Text);
        Assert.Equal("/login", LoginChallenge.LoginViewOf(options, null)!.Text);
        Assert.Equal("/login", LoginChallenge.LoginViewOf(options, typeof(LoginDemand.ConflictingUserTypes))!.Text);
    }
}
