using System.Text.Json;
using System.Text.Json.Nodes;
using Backtest.Data;
using Backtest.Data.Synthetic;
using Npgsql;
using NpgsqlTypes;
using Parquet;
using Parquet.Schema;

namespace Backtest.Tests;

/// <summary>
/// Bars for source tests: a ragged synthetic universe (symbols start and end at different bars, so cache blocks
/// are padded), written as CSV files, Parquet files, or PostgreSQL rows in the replaced system's schema.
/// </summary>
public static class TestBars
{
    /// <summary>Symbol i keeps bars [7i, n − 11i): every length differs.</summary>
    public static IReadOnlyList<BarSeries> Ragged(int symbols, int days, ulong seed = 7)
    {
        var all = SyntheticUniverse.Generate(new SyntheticUniverseOptions { Symbols = symbols, Days = days, Seed = seed });
        return all.Select((s, i) => s.Slice(7 * i, s.Count - (18 * i))).ToArray();
    }

    public static void WriteCsv(string directory, IEnumerable<BarSeries> series)
    {
        Directory.CreateDirectory(directory);
        foreach (var s in series) SyntheticCsvWriter.WriteSeries(s, Path.Combine(directory, s.Symbol + ".csv"));
    }

    /// <summary>One Parquet file per symbol (<c>DIR/SYM.parquet</c>): timestamp (UTC ms), open, high, low, close, volume.</summary>
    public static void WriteParquet(string directory, IEnumerable<BarSeries> series, int rowGroupSize = 1000)
    {
        Directory.CreateDirectory(directory);
        foreach (var s in series) WriteParquetFile(Path.Combine(directory, s.Symbol + ".parquet"), [s], symbolColumn: false, rowGroupSize);
    }

    /// <summary>One Parquet file; with <paramref name="symbolColumn"/>, a <c>symbol</c> column names each row's symbol.</summary>
    public static void WriteParquetFile(string path, IReadOnlyList<BarSeries> series, bool symbolColumn, int rowGroupSize = 1000)
    {
        var time = new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis);
        var sym = new DataField<string>("symbol");
        var fields = new List<Field> { time };
        if (symbolColumn) fields.Add(sym);
        var open = new DataField<double>("open");
        var high = new DataField<double>("high");
        var low = new DataField<double>("low");
        var close = new DataField<double>("close");
        var volume = new DataField<double>("volume");
        fields.AddRange([open, high, low, close, volume]);
        var schema = new ParquetSchema(fields);
        var rows = series.SelectMany(s => Enumerable.Range(0, s.Count).Select(k => (s, k))).ToArray();
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        for (int at = 0; at < rows.Length; at += rowGroupSize)
        {
            var part = rows.AsSpan(at, Math.Min(rowGroupSize, rows.Length - at)).ToArray();
            using var g = writer.CreateRowGroup();
            g.WriteAsync<DateTime>(time, part.Select(r => DateTime.UnixEpoch.AddMilliseconds(r.s.Times[r.k])).ToArray()).GetAwaiter().GetResult();
            if (symbolColumn) g.WriteAsync(sym, part.Select(r => r.s.Symbol).ToArray()).GetAwaiter().GetResult();
            g.WriteAsync<double>(open, part.Select(r => r.s.Open[r.k]).ToArray()).GetAwaiter().GetResult();
            g.WriteAsync<double>(high, part.Select(r => r.s.High[r.k]).ToArray()).GetAwaiter().GetResult();
            g.WriteAsync<double>(low, part.Select(r => r.s.Low[r.k]).ToArray()).GetAwaiter().GetResult();
            g.WriteAsync<double>(close, part.Select(r => r.s.Close[r.k]).ToArray()).GetAwaiter().GetResult();
            g.WriteAsync<double>(volume, part.Select(r => r.s.Volume[r.k]).ToArray()).GetAwaiter().GetResult();
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>results.json without the fields that differ between runs of the same bars (timing, the data source).</summary>
    public static string Comparable(string resultsJsonPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(resultsJsonPath))!.AsObject();
        var run = root["run"]!.AsObject();
        run.Remove("elapsed_ms");
        run.Remove("bars_per_second");
        run.Remove("data");
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}

/// <summary>
/// The PostgreSQL server of the tests: <c>BT_TEST_POSTGRES</c> (a URL or an Npgsql connection string), which
/// <c>.ci/run</c> sets after starting a loopback server with <c>.ci/postgres</c>. Each test makes its own schema. Without
/// the variable, a test that makes one is skipped, its skip saying how to start the server.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Variable = "BT_TEST_POSTGRES";

    public TestDatabase(bool timestampWithZone = false, string priceType = "double precision")
    {
        string? text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
            Xunit.Assert.Skip(
                $"needs a PostgreSQL server in {Variable}: start one with `export {Variable}=$(bash .ci/postgres)` " +
                "(installs Debian's postgresql if missing, starts a private server on 127.0.0.1:55432, creates role and database bt_test), as the README's test command does");
        var builder = new NpgsqlConnectionStringBuilder(Backtest.Data.Postgres.PostgresConnection.Parse(text).ConnectionString);
        Schema = "bt_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var conn = new NpgsqlConnection(builder.ConnectionString))
        {
            conn.Open();
            Exec(conn, $"CREATE SCHEMA {Schema}");
            string time = timestampWithZone ? "timestamptz" : "timestamp";
            Exec(conn, $"CREATE TABLE {Schema}.tickers(id serial PRIMARY KEY, symbol text NOT NULL)");
            Exec(conn, $"CREATE TABLE {Schema}.minute_prices(ticker_id int NOT NULL REFERENCES {Schema}.tickers(id), datetime {time} NOT NULL, " +
                $"open {priceType}, high {priceType}, low {priceType}, close {priceType}, volume {priceType}, PRIMARY KEY (ticker_id, datetime))");
        }
        TimestampWithZone = timestampWithZone;
        builder.SearchPath = Schema;
        ConnectionString = builder.ConnectionString;
        Builder = builder;
    }

    public string Schema { get; }

    public bool TimestampWithZone { get; }

    /// <summary>The connection with its search path set to this test's schema.</summary>
    public string ConnectionString { get; }

    public NpgsqlConnectionStringBuilder Builder { get; }

    public NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>Inserts the series (binary COPY), one ticker per series.</summary>
    public void Insert(IEnumerable<BarSeries> series)
    {
        using var conn = Open();
        foreach (var s in series)
        {
            int id;
            using (var cmd = new NpgsqlCommand("INSERT INTO tickers(symbol) VALUES (@s) RETURNING id", conn))
            {
                cmd.Parameters.AddWithValue("s", s.Symbol);
                id = (int)cmd.ExecuteScalar()!;
            }
            Exec(conn, "CREATE TEMP TABLE IF NOT EXISTS staging(ticker_id int, datetime " + (TimestampWithZone ? "timestamptz" : "timestamp") +
                ", open float8, high float8, low float8, close float8, volume float8)");
            Exec(conn, "TRUNCATE staging");
            using var copy = conn.BeginBinaryImport("COPY staging(ticker_id, datetime, open, high, low, close, volume) FROM STDIN (FORMAT BINARY)");
            for (int k = 0; k < s.Count; k++)
            {
                copy.StartRow();
                copy.Write(id, NpgsqlDbType.Integer);
                var t = DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(s.Times[k]), TimestampWithZone ? DateTimeKind.Utc : DateTimeKind.Unspecified);
                copy.Write(t, TimestampWithZone ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Timestamp);
                copy.Write(s.Open[k], NpgsqlDbType.Double);
                copy.Write(s.High[k], NpgsqlDbType.Double);
                copy.Write(s.Low[k], NpgsqlDbType.Double);
                copy.Write(s.Close[k], NpgsqlDbType.Double);
                copy.Write(s.Volume[k], NpgsqlDbType.Double);
            }
            copy.Complete();
            copy.Dispose();
            // The table's own column types (numeric, real) take the doubles as PostgreSQL casts them.
            Exec(conn, "INSERT INTO minute_prices SELECT * FROM staging");
        }
    }

    public void Execute(string sql)
    {
        using var conn = Open();
        Exec(conn, sql);
    }

    private static void Exec(NpgsqlConnection conn, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = null }.ConnectionString);
            conn.Open();
            Exec(conn, $"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        }
        catch (NpgsqlException)
        {
        }
    }
}
