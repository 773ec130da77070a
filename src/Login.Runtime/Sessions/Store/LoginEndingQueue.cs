using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Login.Sessions.Store;

/// <summary>
/// The notices waiting for one <see cref="ILoginSessionStore.WatchEndingsAsync"/> reader. Bounded: when the reader
/// falls behind by <see cref="Capacity"/> notices, further endings are dropped and the reader gets one
/// <see cref="LoginEndingNoticeKind.Missed"/> once it has read the rest, so it catches up instead of the writer
/// (a logout) waiting or memory growing.
/// </summary>
internal sealed class LoginEndingQueue(int capacity = LoginEndingQueue.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly Queue<LoginEndingNotice> _notices = new();

    // A wake-up, not a count: one pending signal is enough for the reader to drain everything queued.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private bool _missed;

    public int Capacity { get; } = capacity;

    public void Post(LoginEndingNotice notice)
    {
        lock (_notices)
        {
            if (_notices.Count < Capacity)
            {
                _notices.Enqueue(notice);
            }
            else
            {
                _missed = true;
            }
        }

        _wake.Writer.TryWrite(true);
    }

    public async IAsyncEnumerable<LoginEndingNotice> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            while (TryTake(out var notice))
            {
                yield return notice;
            }

            await _wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TryTake(out LoginEndingNotice notice)
    {
        lock (_notices)
        {
            if (_notices.TryDequeue(out notice))
            {
                return true;
            }

            if (_missed)
            {
                _missed = false;
                notice = LoginEndingNotice.Of(LoginEndingNoticeKind.Missed);
                return true;
            }

            return false;
        }
    }
}
