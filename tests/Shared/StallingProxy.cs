using System.Net;
using System.Net.Sockets;

namespace Backtest.Tests;

/// <summary>
/// A loopback TCP proxy to a server (the test PostgreSQL) that can stop forwarding: after <see cref="StallAfter"/>,
/// it forwards that many more bytes from the server and then holds every connection open without passing anything
/// on, in either direction, as a server that hangs or a network that drops packets does; after
/// <see cref="StallAt"/>, it does so from the first client message that holds a text (a statement the server then
/// never receives). New connections are accepted and held the same way. Disposing it closes everything.
/// </summary>
public sealed class StallingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _closed = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Lock _lock = new();
    private long _serverBytesLeft = long.MaxValue;
    private volatile byte[]? _stallMarker;
    private long _bytesAfterMarker;

    public StallingProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptLoop();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes passed from the server to clients so far.</summary>
    public long ServerBytes => Interlocked.Read(ref _serverBytes);

    private long _serverBytes;

    public bool Stalled => Interlocked.Read(ref _serverBytesLeft) <= 0;

    /// <summary>Forward <paramref name="serverBytes"/> more bytes from the server (0: none), then nothing at all.</summary>
    public void StallAfter(long serverBytes) => Interlocked.Exchange(ref _serverBytesLeft, serverBytes);

    /// <summary>
    /// Stop forwarding when a client sends <paramref name="text"/> (ASCII, e.g. "COPY"): at once (the server never
    /// gets it), or after passing it on and <paramref name="thenServerBytes"/> bytes of the server's answer.
    /// </summary>
    public void StallAt(string text, long thenServerBytes = 0)
    {
        _bytesAfterMarker = thenServerBytes;
        _stallMarker = System.Text.Encoding.ASCII.GetBytes(text);
    }

    private async Task AcceptLoop()
    {
        while (!_closed.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_closed.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_lock) _sockets.Add(client);
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        try
        {
            if (Stalled) return;   // held open, never connected onwards
            var server = new TcpClient();
            lock (_lock) _sockets.Add(server);
            await server.ConnectAsync(_targetHost, _targetPort, _closed.Token);
            await Task.WhenAll(
                Pump(client.GetStream(), server.GetStream(), fromServer: false),
                Pump(server.GetStream(), client.GetStream(), fromServer: true));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            if (Stalled)
            {
                await Task.Delay(Timeout.Infinite, _closed.Token);
                return;
            }

            int read = await from.ReadAsync(buffer, _closed.Token);
            if (read == 0)
            {
                to.Socket.Shutdown(SocketShutdown.Send);
                return;
            }

            int pass = read;
            if (fromServer)
            {
                // Take the bytes this chunk may pass out of the allowance, atomically across connections.
                long left, next;
                do
                {
                    left = Interlocked.Read(ref _serverBytesLeft);
                    pass = (int)Math.Clamp(left, 0, read);
                    next = left == long.MaxValue ? left : left - pass;
                }
                while (Interlocked.CompareExchange(ref _serverBytesLeft, next, left) != left);
                Interlocked.Add(ref _serverBytes, pass);
            }
            else if (_stallMarker is { } marker && buffer.AsSpan(0, read).IndexOf(marker) >= 0)
            {
                _stallMarker = null;
                StallAfter(_bytesAfterMarker);
                if (_bytesAfterMarker == 0) pass = 0;
            }
            else if (Stalled)
            {
                pass = 0;
            }

            if (pass > 0) await to.WriteAsync(buffer.AsMemory(0, pass), _closed.Token);
        }
    }

    public void Dispose()
    {
        _closed.Cancel();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var s in _sockets) s.Dispose();
            _sockets.Clear();
        }
        _closed.Dispose();
    }
}
