namespace Backtest.Data.Postgres;

/// <summary>
/// Database work that a cancellation token ends at once, whatever the server does. Npgsql's own cancellation first
/// asks the server to cancel the statement, over a new connection that a server which stopped answering holds for the
/// whole connect timeout (forever with <c>connect_timeout=0</c>), and a connection attempt stuck in its handshake
/// ignores the token. So the work runs on the thread pool and the caller waits for it or for the token: cancelled,
/// the caller gets <see cref="OperationCanceledException"/> at once and the work is left to end by itself (its own
/// token, timeouts and <c>using</c> blocks close its connections), its outcome observed and dropped.
/// </summary>
internal static class Abandonable
{
    public static T Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var task = Task.Run(work, CancellationToken.None);
        try
        {
            return task.WaitAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !task.IsCompleted)
        {
            _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }
}
