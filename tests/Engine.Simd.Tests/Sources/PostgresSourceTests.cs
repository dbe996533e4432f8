using Backtest.Data;
using Backtest.Data.Postgres;
using Backtest.Data.Sources;
using Backtest.Tests.Data;
using Npgsql;
using Xunit;

namespace Backtest.Tests.Sources;

/// <summary>
/// PostgreSQL in the replaced system's schema, on the real server of <c>BT_TEST_POSTGRES</c> (started by .ci/run;
/// these tests fail, saying how to start one, when it is not set). Each test has a schema of its own.
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
