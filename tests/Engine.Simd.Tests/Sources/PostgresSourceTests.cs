using Backtest.Data;
using Backtest.Data.Postgres;
using Backtest.Data.Sources;
using System.Diagnostics;
using Backtest.Tests.Data;
using Npgsql;
using Xunit;

namespace Backtest.Tests.Sources;

/// <summary>
/// PostgreSQL in the replaced system's schema, on the real server of <c>BT_TEST_POSTGRES</c> (started by .ci/run;
/// the tests that need it are skipped, saying how to start one, when it is not set). Each test has a schema of its own.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class PostgresSourceTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly IReadOnlyList<BarSeries> _bars = TestBars.Ragged(7, 2);

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LoadResult Csv(LoadRequest r)
    {
        string csv = Path.Combine(_dir.Path, "csv");
        if (!Directory.Exists(csv)) TestBars.WriteCsv(csv, _bars);
        return BarLoader.Load(r with { Path = csv }, Ct);
    }

    private static PostgresBarSource Source(TestDatabase db) => new(PostgresConnection.Parse(db.ConnectionString));

    [Theory]
    [InlineData(false, "double precision")]
    [InlineData(true, "double precision")]
    [InlineData(false, "numeric(12,4)")]
    [InlineData(true, "real")]
    public void The_database_yields_the_same_series_as_the_same_bars_in_csv(bool timestamptz, string priceType)
    {
        using var db = new TestDatabase(timestamptz, priceType);
        var bars = priceType == "real" ? _bars.Take(2).ToList() : _bars.ToList();
        db.Insert(bars);
        using var source = Source(db);
        var requests = new[]
        {
            new LoadRequest { Path = "postgres" },
            new LoadRequest { Path = "postgres", Tickers = ["SYN0002", "syn0001"], Days = 1 },
            new LoadRequest { Path = "postgres", Limit = 2, Start = DateTimeOffset.FromUnixTimeMilliseconds(bars[1].Times[300]) },
        };
        foreach (var r in requests)
        {
            var fromDb = SourceAssert.LoadAll(source, r, batchSize: 2);
            if (priceType == "real")
            {
                // float4 holds fewer digits: same bars, rounded to float.
                Assert.Equal(Csv(r).Series.Where(s => bars.Any(b => b.Symbol == s.Symbol)).Select(s => s.Count), fromDb.Select(s => s.Count));
                continue;
            }
            SourceAssert.SameSeries(Csv(r).Series, fromDb);
        }
    }

    [Fact]
    public void Invalid_rows_and_unknown_symbols_are_accounted_for_and_the_other_symbols_load()
    {
        using var db = new TestDatabase();
        db.Insert(_bars.Take(3));
        db.Execute("UPDATE minute_prices SET high = 1 WHERE ticker_id = 2 AND datetime = (SELECT min(datetime) FROM minute_prices WHERE ticker_id = 2)");
        db.Execute("INSERT INTO tickers(symbol) VALUES ('EMPTY')");
        using var source = Source(db);
        var r = new LoadRequest { Path = "postgres", Tickers = ["SYN0003", "NOPE", "SYN0002", "EMPTY"] };
        var plan = source.Plan(r, Ct);
        var load = source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, Ct);
        Assert.Equal(["SYN0003", "SYN0002"], load.Series.Select(s => s.Symbol));
        Assert.Equal(_bars[1].Count - 1, load.Series[1].Count);
        var issue = Assert.Single(load.Issues);
        Assert.Equal(1, issue.Line);
        Assert.Contains("high 1 is below max(open, close)", issue.Message, StringComparison.Ordinal);
        Assert.Equal("NOPE", Assert.Single(plan.Skipped).Symbol);
        Assert.Contains("no ticker 'NOPE' in table tickers", plan.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Equal(("EMPTY", "no data rows"), (load.Skipped[0].Symbol, load.Skipped[0].Reason));

        var fail = r with { OnInvalid = InvalidRowPolicy.Fail };
        var e = Assert.Throws<DataLoadException>(() => source.LoadBatch(source.Plan(fail, Ct), 0, 4 - 1, null, Ct));
        Assert.Contains(":1: invalid row for SYN0002: high 1 is below", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Datetimes_beyond_the_dates_bt_holds_are_invalid_rows_and_the_rest_loads()
    {
        // PostgreSQL holds years up to 294276 and 'infinity'; .NET dates end with 9999.
        using var db = new TestDatabase();
        db.Insert(_bars.Take(2));
        db.Execute("INSERT INTO minute_prices VALUES (1, 'infinity', 10, 11, 9, 10, 1), (1, '20000-01-01 00:00', 10, 11, 9, 10, 1)");
        using var source = Source(db);
        var r = new LoadRequest { Path = "postgres" };
        var plan = source.Plan(r, Ct);
        var load = source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, Ct);
        Assert.Equal([_bars[0].Count, _bars[1].Count], load.Series.Select(s => s.Count));
        Assert.Equal(2, load.Issues.Count);
        Assert.All(load.Issues, i => Assert.Contains("is outside the dates bt can hold (0001-01-01 .. 9999-12-31)", i.Message, StringComparison.Ordinal));
        Assert.Contains(load.Issues, i => i.Message.StartsWith("datetime infinity ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_password_says_so()
    {
        using var db = new TestDatabase();
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = "not-the-password" };
        using var source = new PostgresBarSource(PostgresConnection.Parse(b.ConnectionString));
        var e = Assert.Throws<DataLoadException>(() => source.Plan(new LoadRequest { Path = "postgres" }, Ct));
        Assert.Contains($"rejected the password for user '{b.Username}'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_says_where_it_was_looked_for()
    {
        using var db = new TestDatabase();
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 3 };
        using var source = new PostgresBarSource(PostgresConnection.Parse(b.ConnectionString));
        var e = Assert.Throws<DataLoadException>(() => source.Plan(new LoadRequest { Path = "postgres" }, Ct));
        Assert.Contains("cannot connect to PostgreSQL at 127.0.0.1:1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_table_or_column_names_the_expected_schema()
    {
        using var db = new TestDatabase();
        db.Execute("DROP TABLE minute_prices");
        using (var source = Source(db))
        {
            var e = Assert.Throws<DataLoadException>(() => source.Plan(new LoadRequest { Path = "postgres" }, Ct));
            Assert.Contains("table minute_prices does not exist", e.Message, StringComparison.Ordinal);
            Assert.Contains(PostgresBarSource.SchemaText, e.Message, StringComparison.Ordinal);
        }
        db.Execute("CREATE TABLE minute_prices(ticker_id int, datetime timestamp, open float8, high float8, low float8, close float8)");
        using (var source = Source(db))
            Assert.Contains("table minute_prices has no column volume", Assert.Throws<DataLoadException>(() => source.Plan(new LoadRequest { Path = "postgres" }, Ct)).Message, StringComparison.Ordinal);
    }

    /// <summary>The test database through a proxy that can stop answering, with this command timeout.</summary>
    private static PostgresBarSource ThroughProxy(TestDatabase db, StallingProxy proxy, int timeoutSeconds, int connectTimeout = 3, bool pooling = false)
    {
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = connectTimeout, Pooling = pooling };
        return new PostgresBarSource(PostgresConnection.Parse(b.ConnectionString, timeoutSeconds));
    }

    /// <summary>Runs <paramref name="read"/> on its own thread; a read that outlives <paramref name="bound"/> fails the test (and is left behind).</summary>
    private static Exception? Bounded(Action read, TimeSpan bound, out TimeSpan took)
    {
        var clock = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool done = ((IAsyncResult)task).AsyncWaitHandle.WaitOne(bound);
        took = clock.Elapsed;
        Assert.True(done, $"the read was still waiting after {bound.TotalSeconds} s");
        return task.Exception?.InnerException;
    }

    [Fact]
    public void A_server_that_stops_answering_mid_copy_fails_after_the_command_timeout_naming_server_and_timeout()
    {
        using var db = new TestDatabase();
        db.Insert(_bars);
        using var proxy = new StallingProxy(db.Builder.Host!, db.Builder.Port);
        using var source = ThroughProxy(db, proxy, timeoutSeconds: 2);
        var plan = source.Plan(new LoadRequest { Path = "postgres" }, Ct);
        proxy.StallAt("COPY", thenServerBytes: 20_000);   // the COPY's first rows (of about 60 kB), then silence
        // One symbol: one COPY stream, so no second connection waits for its own (connect) timeout meanwhile.
        var e = Bounded(() => source.LoadBatch(plan, 0, 1, plan.Window, CancellationToken.None), TimeSpan.FromSeconds(30), out var took);
        Assert.True(proxy.Stalled);
        var d = Assert.IsType<DataLoadException>(e);
        Assert.Equal($"PostgreSQL at 127.0.0.1:{proxy.Port} did not answer for 2 s (--db-timeout 2).", d.Message);
        Assert.InRange(took.TotalSeconds, 2, 15);
    }

    [Fact]
    public void A_server_that_stops_answering_a_query_fails_after_the_command_timeout()
    {
        using var db = new TestDatabase();
        db.Insert(_bars.Take(2));
        using var proxy = new StallingProxy(db.Builder.Host!, db.Builder.Port);
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        using var source = new PostgresBarSource(PostgresConnection.Parse(b.ConnectionString, 1));
        source.Plan(new LoadRequest { Path = "postgres" }, Ct);   // leaves an open connection in the pool
        proxy.StallAfter(0);
        var e = Bounded(() => source.Plan(new LoadRequest { Path = "postgres" }, CancellationToken.None), TimeSpan.FromSeconds(30), out _);
        Assert.Equal($"PostgreSQL at 127.0.0.1:{proxy.Port} did not answer for 1 s (--db-timeout 1).", Assert.IsType<DataLoadException>(e).Message);
    }

    /// <param name="stage">Where the server stops answering: while connecting, during a query (on a pooled, open
    /// connection) or in the middle of a batch's COPY. No timeout would end any of these waits.</param>
    [Theory]
    [InlineData("connect")]
    [InlineData("query")]
    [InlineData("copy")]
    public void Cancelling_a_read_from_a_server_that_stopped_answering_returns_within_a_couple_of_seconds(string stage)
    {
        using var db = new TestDatabase();
        db.Insert(_bars);
        using var proxy = new StallingProxy(db.Builder.Host!, db.Builder.Port);
        using var source = ThroughProxy(db, proxy, timeoutSeconds: 0, connectTimeout: 0, pooling: stage == "query");
        var plan = source.Plan(new LoadRequest { Path = "postgres" }, Ct);
        if (stage == "copy") proxy.StallAt("COPY", thenServerBytes: 20_000);
        else proxy.StallAfter(0);
        using var cts = new CancellationTokenSource();
        Action read = stage == "copy"
            ? () => source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, cts.Token)
            : () => source.Plan(new LoadRequest { Path = "postgres" }, cts.Token);
        var clock = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        while (!proxy.Stalled && clock.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(20);
        Thread.Sleep(500);   // the read is now waiting for bytes that will not come
        Assert.False(task.IsCompleted, task.Exception?.ToString());
        var cancelled = Stopwatch.StartNew();
        cts.Cancel();
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)), "the cancelled read still waits after 20 s");
        Assert.InRange(cancelled.Elapsed.TotalSeconds, 0, 3);
        Assert.IsType<OperationCanceledException>(task.Exception?.InnerException, exactMatch: false);
    }

    [Fact]
    public void A_numeric_beyond_the_range_of_a_double_invalidates_its_row_only()
    {
        using var db = new TestDatabase(priceType: "numeric");
        db.Insert(_bars.Take(2));
        // Beyond 2^1024 - 2^970 or within 2^-1075 of 0, the server refuses to cast a numeric to a double; their
        // decimal texts read as infinity and 0 from a CSV file, and so they read here: each makes its row invalid.
        string row(int id, string order, int offset) =>
            $"ticker_id = {id} AND datetime = (SELECT datetime FROM minute_prices WHERE ticker_id = {id} ORDER BY datetime {order} OFFSET {offset} LIMIT 1)";
        db.Execute($"UPDATE minute_prices SET open = 1e400 WHERE {row(1, "ASC", 2)}");
        db.Execute($"UPDATE minute_prices SET low = 1e-400 WHERE {row(2, "ASC", 4)}");
        db.Execute($"UPDATE minute_prices SET close = -1e400 WHERE {row(1, "DESC", 0)}");
        using var source = Source(db);
        var plan = source.Plan(new LoadRequest { Path = "postgres" }, Ct);
        var load = source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, Ct);
        Assert.Equal(["SYN0001", "SYN0002"], load.Series.Select(s => s.Symbol));
        Assert.Equal([_bars[0].Count - 2, _bars[1].Count - 1], load.Series.Select(s => s.Count));
        Assert.Equal([2, 1], load.Stats.Select(s => s.InvalidRows));
        Assert.Equal(
            [
                ("SYN0001", 3L, $"open Infinity is not finite (datetime {UnixTime.ToIso(_bars[0].Times[2])})"),
                ("SYN0001", (long)_bars[0].Count, $"close -Infinity is not finite (datetime {UnixTime.ToIso(_bars[0].Times[^1])})"),
                ("SYN0002", 5L, $"low 0 is not positive (datetime {UnixTime.ToIso(_bars[1].Times[4])})"),
            ],
            load.Issues.Select(i => (i.Symbol, i.Line, i.Message)));

        // --days counts back from the last valid bar: the last row of SYN0001 is not one.
        var days = source.Plan(new LoadRequest { Path = "postgres", Days = 1 }, Ct);
        Assert.Equal(_bars[0].Times[^2], days.Window!.Value.EndMs);
    }

    [Theory]
    [InlineData("postgresql://h/db?sslmode=bogus", "URL parameter sslmode=bogus: not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgresql://h/db?sslmode=3", "URL parameter sslmode=3: not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgresql://h/db?connect_timeout=-5", "URL parameter connect_timeout=-5: not a whole number of seconds from 0 (wait forever) up")]
    [InlineData("postgresql://h/db?connect_timeout=soon", "URL parameter connect_timeout=soon: not a whole number of seconds from 0 (wait forever) up")]
    [InlineData("Host=h;Timeout=-5", "not a postgresql:// URL nor an Npgsql connection string (timeout=-5: ")]
    [InlineData("Host=h;SSL Mode=bogus", "not a postgresql:// URL nor an Npgsql connection string (ssl mode=bogus: ")]
    [InlineData("Host=h;Password=s3cret;Port=x", "not a postgresql:// URL nor an Npgsql connection string (port=x: ")]
    [InlineData("Host=h;Port=1;Password", "not a postgresql:// URL nor an Npgsql connection string (")]
    public void Connection_parameters_out_of_range_name_the_parameter(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => PostgresConnection.Parse(text));
        Assert.True(e.Message.StartsWith(message, StringComparison.Ordinal), e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://u%40x:p%3Ass@db.example:6543/bars?sslmode=disable", "db.example", 6543, "u@x", "p:ss", "bars")]
    [InlineData("postgres://me@localhost/prices", "localhost", 5432, "me", null, "prices")]
    [InlineData("Host=h;Port=7;Username=a;Password=b;Database=c", "h", 7, "a", "b", "c")]
    public void Connections_read_as_urls_or_npgsql_strings(string text, string host, int port, string user, string? password, string database)
    {
        var c = PostgresConnection.Parse(text);
        Assert.Equal((host, port, user, password, database), (c.Builder.Host!, c.Builder.Port, c.Builder.Username!, c.Builder.Password, c.Builder.Database!));
        Assert.DoesNotContain(password ?? "\0", c.Redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_connection_is_refused_without_echoing_it()
    {
        Assert.Throws<FormatException>(() => PostgresConnection.Parse("postgresql://"));
        Assert.Throws<FormatException>(() => PostgresConnection.Parse("postgresql://h/db?color=blue"));
        Assert.Throws<FormatException>(() => PostgresConnection.Parse("Nonsense Key=3"));
    }
}
