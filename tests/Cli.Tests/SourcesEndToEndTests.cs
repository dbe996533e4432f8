using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// `bt run` and `bt data import` on every source: the same bars as CSV, Parquet, PostgreSQL (BT_TEST_POSTGRES) and
/// a cache of each give the same results.json apart from timing and run.data; bad input exits with one clear line.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SourcesEndToEndTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-sources-" + Guid.NewGuid().ToString("N"));
    private readonly string _csv;
    private readonly string[] _strategy = ["--threshold", "2", "--fill", "close"];

    public SourcesEndToEndTests()
    {
        _csv = Path.Combine(_dir, "csv");
        TestBars.WriteCsv(_csv, TestBars.Ragged(8, 2));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Out(string name) => Path.Combine(_dir, name);

    private BtResult Run(params string[] args) => Bt.Run(null, ["run", .. args, .. _strategy]);

    private string Results(string name) => TestBars.Comparable(Path.Combine(Out(name), "results.json"));

    [Fact]
    [Trait("Requires", "PostgreSQL")]
    public void Csv_parquet_postgres_and_their_caches_give_the_same_results()
    {
        using var db = new TestDatabase();
        db.Insert(TestBars.Ragged(8, 2));
        string pq = Out("pq");
        TestBars.WriteParquet(pq, TestBars.Ragged(8, 2), rowGroupSize: 256);

        var runs = new List<(string Name, BtResult Result)>
        {
            ("csv", Run("--data", _csv, "--out", Out("csv-out"))),
            ("csv-batches", Run("--data", _csv, "--out", Out("csv-batches-out"), "--batch-size", "3")),
            ("parquet", Run("--data", pq, "--out", Out("parquet-out"), "--batch-size", "2")),
            ("postgres", Run("--db", db.ConnectionString, "--out", Out("postgres-out"), "--batch-size", "5")),
        };
        var import = Bt.Run(null, "data", "import", _csv, "--out", Out("csv.btcache"), "--batch-size", "3");
        Assert.True(import.ExitCode == 0, import.ToString());
        var importDb = Bt.Run(null, "data", "import", "postgres", "--db", db.ConnectionString, "--out", Out("pg.btcache"));
        Assert.True(importDb.ExitCode == 0, importDb.ToString());
        runs.Add(("cache", Run("--data", Out("csv.btcache"), "--out", Out("cache-out"), "--batch-size", "1")));
        runs.Add(("pg-cache", Run("--data", Out("pg.btcache"), "--db", db.ConnectionString, "--out", Out("pg-cache-out"))));

        foreach (var (name, r) in runs) Assert.True(r.ExitCode == 0, $"{name}: {r}");
        string expected = Results("csv-out");
        Assert.True(File.ReadLines(Path.Combine(Out("csv-out"), "trades.csv")).Count() > 8, "the case should trade");
        foreach (var name in new[] { "csv-batches", "parquet", "postgres", "cache", "pg-cache" })
            Assert.True(expected == Results(name + "-out"), $"{name} differs from csv");
        foreach (var name in new[] { "csv-batches", "parquet", "postgres", "cache", "pg-cache" })
            Assert.Equal(File.ReadAllText(Path.Combine(Out("csv-out"), "trades.csv")), File.ReadAllText(Path.Combine(Out(name + "-out"), "trades.csv")));
    }

    [Fact]
    public void Import_keeps_an_up_to_date_cache_rebuilds_a_stale_one_and_a_run_refuses_a_stale_one()
    {
        string cache = Out("bars.btcache");
        Assert.Equal(0, Bt.Run(null, "data", "import", _csv, "--out", cache).ExitCode);
        var again = Bt.Run(null, "data", "import", _csv, "--out", cache);
        Assert.Contains("is up to date", again.Out, StringComparison.Ordinal);

        File.SetLastWriteTimeUtc(Path.Combine(_csv, "SYN0002.csv"), DateTime.UtcNow.AddHours(1));
        var stale = Run("--data", cache, "--out", Out("r"));
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("is stale", stale.Error, StringComparison.Ordinal);
        Assert.Contains("SYN0002.csv changed", stale.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("r")));

        var rebuilt = Bt.Run(null, "data", "import", _csv, "--out", cache);
        Assert.Equal(0, rebuilt.ExitCode);
        Assert.Contains("Rebuilding", rebuilt.Error, StringComparison.Ordinal);
        Assert.Equal(0, Run("--data", cache, "--out", Out("r")).ExitCode);
    }

    [Fact]
    public void A_truncated_cache_exits_1_with_one_line_saying_so()
    {
        string cache = Out("bars.btcache");
        Assert.Equal(0, Bt.Run(null, "data", "import", _csv, "--out", cache).ExitCode);
        var bytes = File.ReadAllBytes(cache);
        File.WriteAllBytes(cache, bytes[..(bytes.Length / 2)]);
        var r = Run("--data", cache, "--out", Out("r"));
        Assert.Equal(1, r.ExitCode);
        Assert.Matches("^bt run: cache '.*' is truncated: [0-9,]+ of its [0-9,]+ bytes; rebuild it with `bt data import SOURCE --out .*`.$", r.Error.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void A_corrupt_parquet_file_skips_its_symbol_and_the_others_are_backtested()
    {
        string pq = Out("pq");
        TestBars.WriteParquet(pq, TestBars.Ragged(4, 2));
        File.WriteAllBytes(Path.Combine(pq, "SYN0002.parquet"), [.. File.ReadAllBytes(Path.Combine(pq, "SYN0002.parquet")).Take(300)]);
        var r = Run("--data", pq, "--out", Out("r"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("SYN0002: unreadable file:", r.Out, StringComparison.Ordinal);
        Assert.Contains("Backtested 3 symbols", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requires", "PostgreSQL")]
    public void Database_problems_exit_1_with_what_went_wrong()
    {
        using var db = new TestDatabase();
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = "nope" }.ConnectionString;
        var r = Run("--db", wrong, "--out", Out("r"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("rejected the password", r.Error, StringComparison.Ordinal);

        r = Run("--db", "postgresql://bt:bt@127.0.0.1:1/none", "--out", Out("r"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cannot connect to PostgreSQL at 127.0.0.1:1", r.Error, StringComparison.Ordinal);

        r = Run("--db", db.ConnectionString, "--out", Out("r"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no usable bars", r.Error, StringComparison.Ordinal);

        db.Execute("DROP TABLE minute_prices");
        r = Run("--db", db.ConnectionString, "--out", Out("r"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("table minute_prices does not exist", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requires", "PostgreSQL")]
    public void Data_postgres_reads_the_connection_from_DATABASE_URL()
    {
        using var db = new TestDatabase();
        db.Insert(TestBars.Ragged(3, 2));
        string? saved = Environment.GetEnvironmentVariable("DATABASE_URL");
        try
        {
            Environment.SetEnvironmentVariable("DATABASE_URL", db.ConnectionString);
            var r = Run("--data", "postgres", "--out", Out("r"));
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("Backtested 3 symbols", r.Out, StringComparison.Ordinal);
            string json = File.ReadAllText(Path.Combine(Out("r"), "results.json"));
            Assert.Contains($"\"data\": \"postgresql://{db.Builder.Username}@", json, StringComparison.Ordinal);
            Assert.DoesNotContain("Password", json, StringComparison.OrdinalIgnoreCase);

            Environment.SetEnvironmentVariable("DATABASE_URL", null);
            r = Run("--data", "postgres", "--out", Out("r2"));
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("neither --db nor DATABASE_URL gives a connection", r.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DATABASE_URL", saved);
        }
    }

    [Theory]
    [Trait("Requires", "PostgreSQL")]
    [InlineData("run")]
    [InlineData("optimize")]
    [InlineData("walkforward")]
    [InlineData("data import")]
    [InlineData("data scan")]
    public async Task A_server_that_stops_answering_stops_every_command_after_db_timeout(string command)
    {
        using var db = new TestDatabase();
        db.Insert(TestBars.Ragged(3, 2));
        using var proxy = new StallingProxy(db.Builder.Host!, db.Builder.Port);
        proxy.StallAt("COPY");   // the symbols are planned, then the server never gets the read of the bars
        string conn = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Pooling = false }.ConnectionString;
        string[] args = command switch
        {
            "run" => ["run", "--db", conn, "--out", Out("r")],
            "optimize" => ["optimize", "--db", conn, "--grid", "threshold=2,3", "--out", Out("r")],
            "walkforward" => ["walkforward", "--db", conn, "--grid", "threshold=2,3", "--train", "1", "--test", "1", "--out", Out("r")],
            "data import" => ["data", "import", "postgres", "--db", conn, "--out", Out("r.btcache")],
            _ => ["data", "scan", "postgres", "--db", conn],
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var task = Task.Run(() => Bt.Run(null, [.. args, "--db-timeout", "1"]), TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.True(first == task, $"bt {command} still waits after 60 s");
        var r = await task;
        Assert.True(proxy.Stalled, r.ToString());
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal($"bt {command}: PostgreSQL at 127.0.0.1:{proxy.Port} did not answer for 1 s (--db-timeout 1).", r.Error.Trim().Split('\n')[^1]);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1, 30);
        Assert.False(File.Exists(Path.Combine(Out("r"), "results.json")));
        Assert.False(File.Exists(Out("r.btcache")));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("data scan")]
    public void A_negative_db_timeout_is_a_usage_error(string command)
    {
        string[] args = command == "run" ? ["run", "--db", "postgresql://x/y"] : ["data", "scan", "postgres", "--db", "postgresql://x/y"];
        var r = Bt.Run(null, [.. args, "--db-timeout", "-1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--db-timeout must be a number of seconds, 0 (no limit) or more (got -1)", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://bt@127.0.0.1:1/db?sslmode=bogus", "sslmode=bogus: not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgresql://bt@127.0.0.1:1/db?connect_timeout=-5", "connect_timeout=-5: not a whole number of seconds")]
    public void A_connection_parameter_out_of_range_is_one_line_naming_it(string conn, string message)
    {
        var r = Run("--db", conn, "--out", Out("r"));
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.Error.Trim().Split('\n'));
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_goes_to_stderr_as_lines_and_never_to_stdout()
    {
        var r = Run("--data", _csv, "--out", Out("r"), "--batch-size", "2", "--progress", "lines");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("bt run: 2 of 8 symbols done (batch 1 of 4)", r.Error, StringComparison.Ordinal);
        Assert.Contains("bt run: 8 of 8 symbols done (batch 4 of 4)", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("symbols done", r.Out, StringComparison.Ordinal);

        var quiet = Run("--data", _csv, "--out", Out("q"), "--batch-size", "2", "--quiet");
        Assert.Equal(("", ""), (quiet.Out, quiet.Error));
    }

    [Theory]
    [InlineData("--memory-budget", "lots", "--memory-budget must be a size")]
    [InlineData("--batch-size", "-1", "--batch-size must be at least 0")]
    [InlineData("--progress", "loud", "--progress must be auto, bar, lines or none")]
    [InlineData("--db", "postgresql://x/y", "--db reads PostgreSQL and --data")]
    public void Scale_and_source_options_are_checked_before_any_data_is_read(string option, string value, string message)
    {
        var r = Run("--data", _csv, option, value, "--out", Out("r"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }
}
