using Login.Sessions.Store;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>The instance's local copy of ended families that the hot path checks.</summary>
public sealed class EndedLoginFamiliesTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_ending_is_known_until_its_family_expires()
    {
        var clock = new ManualClock(T0);
        var ended = new EndedLoginFamilies(clock);
        var soon = LoginFamily.NewId();
        var later = LoginFamily.NewId();
        ended.Add(soon, T0.AddMinutes(1));
        ended.Add(later, T0.AddDays(1));

        clock.Now = T0.AddMinutes(2);
        var swept = ended.Sweep();

        Assert.Equal(1, swept);
        Assert.False(ended.IsEnded(soon));
        Assert.True(ended.IsEnded(later));
        Assert.False(ended.IsEnded(LoginFamily.NewId()));
        Assert.Equal(1, ended.Count);
    }

    [Fact]
    public void A_notice_guess_keeps_the_later_expiry_and_a_catch_up_sets_the_real_one()
    {
        var clock = new ManualClock(T0);
        var ended = new EndedLoginFamilies(clock);
        var id = LoginFamily.NewId();
        ended.Add(id, T0.AddDays(366));
        ended.Add(id, T0.AddMinutes(1));

        clock.Now = T0.AddMinutes(2);
        Assert.Equal(0, ended.Sweep());

        ended.Set(id, T0.AddMinutes(1));
        Assert.Equal(1, ended.Sweep());
        Assert.False(ended.IsEnded(id));
    }

    [Fact]
    public void Ids_of_other_shapes_are_held_exactly_as_given()
    {
        var ended = new EndedLoginFamilies(new ManualClock(T0));
        var id = LoginFamily.NewId();
        // The same 128 bits spelled with a spare bit set in the last character: another string, so another family.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var respelled = id[..^1] + Alphabet[Alphabet.IndexOf(id[^1]) ^ 1];
        ended.Add("session-42", T0.AddDays(1));
        ended.Add(id, T0.AddDays(1));

        Assert.True(ended.IsEnded("session-42"));
        Assert.False(ended.IsEnded("session-43"));
        Assert.True(ended.IsEnded(id));
        Assert.False(ended.IsEnded(respelled));
        Assert.Equal(2, ended.Count);
    }

    [Fact]
    public void The_copy_is_stale_until_caught_up_while_listening()
    {
        var ended = new EndedLoginFamilies(new ManualClock(T0));
        Assert.Equal(DateTimeOffset.MinValue, ended.StaleSince);

        ended.MarkCaughtUp(T0, listening: false);
        Assert.Equal(T0, ended.StaleSince);

        ended.MarkCaughtUp(T0.AddMinutes(1), listening: true);
        Assert.Null(ended.StaleSince);

        ended.MarkStale(T0.AddMinutes(2));
        ended.MarkStale(T0.AddMinutes(3));
        Assert.Equal(T0.AddMinutes(2), ended.StaleSince);

        ended.MarkCaughtUp(T0.AddMinutes(4), listening: false);
        Assert.Equal(T0.AddMinutes(4), ended.StaleSince);
    }
}
