using System.Buffers.Binary;
using System.Globalization;
using Backtest.Data.Sources;
using Npgsql;

namespace Backtest.Data.Postgres;

/// <summary>
/// Minute bars from PostgreSQL in the replaced system's schema: <c>tickers(id, symbol)</c> and
/// <c>minute_prices(ticker_id, datetime, open, high, low, close, volume)</c>, <c>datetime</c> a <c>timestamp</c> (read as
/// UTC) or <c>timestamptz</c>, prices any numeric type (cast to float8 on the server, which rounds a numeric to the
/// nearest double as the CSV reader does its text, also beyond a double's range: <see cref="NumericToDouble"/>). Set-based: one query resolves the symbols, one counts their
/// rows, and each batch is one <c>COPY (SELECT ... WHERE ticker_id IN (...) AND datetime in the window ORDER BY
/// ticker_id, datetime) TO STDOUT (FORMAT BINARY)</c> parsed straight from the stream. Rows then go through the
/// loader's validation and cleaning. Rows outside the window are not read, so invalid rows and duplicates are
/// counted inside the window only. Every statement is bounded by the connection's command timeout, and the
/// cancellation token ends <see cref="Plan"/> and <see cref="LoadBatch"/> at once even when the server has stopped
/// answering (<see cref="Abandonable"/>).
/// </summary>
public sealed class PostgresBarSource : IFingerprintedSource
{
    public const string SchemaText = "tickers(id, symbol) and minute_prices(ticker_id, datetime, open, high, low, close, volume)";

    private static readonly long PgEpochMs = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly PostgresConnection _connection;
    private List<Selected>? _selected;
    private bool _timestampWithZone;

    /// <summary>The price and volume columns as float8, by column name (see <see cref="NumericToDouble"/>).</summary>
    private readonly Dictionary<string, string> _asDouble = [];

    public PostgresBarSource(PostgresConnection connection)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
    }

    public string Description => _connection.Redacted;

    public string Kind => "postgres";

    public string Location => _connection.Redacted;

    /// <summary>Raw rows (growable, up to twice their count) and the cleaned series.</summary>
    public int LoadBytesPerBar => 160;

    private sealed record Selected(string Symbol, long[] Ids, long RowsInWindow, long Rows, long? First, long? Last);

    public SourcePlan Plan(LoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Abandonable.Run(() => PlanOnce(request, cancellationToken), cancellationToken);
    }

    private SourcePlan PlanOnce(LoadRequest request, CancellationToken cancellationToken)
    {
        using var conn = _connection.Open(cancellationToken);
        try
        {
            CheckSchema(conn, cancellationToken);
            var tickers = request.Tickers?.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

            // Symbols, case-insensitively; several ids of one symbol are read together.
            var ids = new Dictionary<string, List<long>>(StringComparer.OrdinalIgnoreCase);
            using (var cmd = new NpgsqlCommand(tickers == null
                ? "SELECT id::int8, symbol::text FROM tickers WHERE symbol IS NOT NULL ORDER BY id"
                : "SELECT id::int8, symbol::text FROM tickers WHERE upper(symbol::text) = ANY(@s) ORDER BY id", conn))
            {
                if (tickers != null) cmd.Parameters.AddWithValue("s", tickers.Select(t => t.ToUpperInvariant()).ToArray());
                using var r = Execute(cmd, cancellationToken);
                while (Read(r, cancellationToken))
                {
                    string sym = r.GetString(1).Trim();
                    if (sym.Length == 0) continue;
                    if (!ids.TryGetValue(sym, out var list)) ids[sym] = list = [];
                    list.Add(r.GetInt64(0));
                }
            }

            var skipped = new List<SkippedSymbol>();
            List<string> order;
            if (tickers != null)
            {
                order = [];
                foreach (var t in tickers)
                {
                    if (ids.ContainsKey(t)) order.Add(ids.Keys.First(k => string.Equals(k, t, StringComparison.OrdinalIgnoreCase)));
                    else skipped.Add(new SkippedSymbol(t, $"no data found (no ticker '{t}' in table tickers of {Description})"));
                }
            }
            else
            {
                order = [.. ids.Keys.Order(SymbolOrder.Instance)];
            }

            if (request.Limit is int n && order.Count > n) order = order.Take(n).ToList();

            var bounds = TimeWindow.Bounds(request);
            var counts = Counts(conn, order.SelectMany(s => ids[s]).ToArray(), bounds, cancellationToken);
            _selected = order.Select(s =>
            {
                long inWindow = 0, rows = 0;
                long? first = null, last = null;
                foreach (var id in ids[s])
                {
                    if (!counts.TryGetValue(id, out var c)) continue;
                    inWindow += c.InWindow;
                    rows += c.Rows;
                    if (c.First is long cf) first = first is long f ? Math.Min(f, cf) : cf;
                    if (c.Last is long cl) last = last is long l ? Math.Max(l, cl) : cl;
                }
                return new Selected(s, [.. ids[s]], inWindow, rows, first, last);
            }).ToList();

            TimeWindow window = bounds;
            if (request.Days != null) window = TimeWindow.WithReference(request, Reference(conn, _selected.SelectMany(s => s.Ids).ToArray(), bounds.EndMs, cancellationToken));

            return new SourcePlan
            {
                Request = request,
                Symbols = _selected.Select(s => new PlannedSymbol(s.Symbol, s.RowsInWindow)).ToList(),
                Skipped = skipped,
                Window = window,
            };
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DataLoadException(_connection.Explain(e));
        }
    }

    /// <summary>Per selected symbol: rows in the import's window and their span.</summary>
    public SortedDictionary<string, string> Fingerprint(SourcePlan plan, CancellationToken cancellationToken)
    {
        var selected = _selected ?? throw new InvalidOperationException("Plan the source first.");
        var stamps = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in selected)
        {
            stamps[s.Symbol] = s.Rows == 0 ? "no rows"
                : s.First == null ? string.Create(CultureInfo.InvariantCulture, $"{s.Rows} rows, none within the dates bt can hold")
                : string.Create(CultureInfo.InvariantCulture, $"{s.Rows} rows, {UnixTime.ToIso(s.First!.Value)} .. {UnixTime.ToIso(s.Last!.Value)}");
        }

        return stamps;
    }

    /// <summary>Runs a query; waits on Npgsql's async call so that the token cancels it even when the server is silent.</summary>
    private static NpgsqlDataReader Execute(NpgsqlCommand cmd, CancellationToken ct) => cmd.ExecuteReaderAsync(ct).GetAwaiter().GetResult();

    private static bool Read(NpgsqlDataReader r, CancellationToken ct) => r.ReadAsync(ct).GetAwaiter().GetResult();

    private void CheckSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        var columns = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["tickers"] = [],
            ["minute_prices"] = [],
        };
        string? timeType = null;
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var cmd = new NpgsqlCommand(
            "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a " +
            "JOIN pg_class c ON c.oid = a.attrelid WHERE c.oid IN (to_regclass('tickers'), to_regclass('minute_prices')) AND a.attnum > 0 AND NOT a.attisdropped", conn))
        using (var r = Execute(cmd, ct))
        {
            while (Read(r, ct))
            {
                columns[r.GetString(0)].Add(r.GetString(1));
                if (r.GetString(0) == "minute_prices") types[r.GetString(1)] = r.GetString(2);
                if (r.GetString(0) == "minute_prices" && r.GetString(1) == "datetime") timeType = r.GetString(2);
            }
        }

        string where = $"{Description}";
        foreach (var (table, expected) in new[] { ("tickers", new[] { "id", "symbol" }), ("minute_prices", new[] { "ticker_id", "datetime", "open", "high", "low", "close", "volume" }) })
        {
            if (columns[table].Count == 0)
                throw new DataLoadException($"{where}: table {table} does not exist (in the search path of database '{_connection.Builder.Database}'); the expected schema is {SchemaText}.");
            var missing = expected.Where(c => !columns[table].Contains(c)).ToList();
            if (missing.Count > 0)
                throw new DataLoadException($"{where}: table {table} has no column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; the expected schema is {SchemaText}.");
        }

        _timestampWithZone = timeType switch
        {
            "timestamp with time zone" => true,
            "timestamp without time zone" => false,
            _ => throw new DataLoadException($"{where}: minute_prices.datetime is {timeType}; it must be a timestamp (UTC) or timestamptz."),
        };
        foreach (var column in ValueColumns) _asDouble[column] = NumericToDouble.Cast(column, types[column]);
    }

    private static readonly string[] ValueColumns = ["open", "high", "low", "close", "volume"];

    /// <summary>The value columns as float8, in COPY order.</summary>
    private string DoubleColumns => string.Join(", ", ValueColumns.Select(c => _asDouble[c]));

    /// <summary>First and last are those of the rows a date can hold (null when none can).</summary>
    private readonly record struct Count(long InWindow, long Rows, long? First, long? Last);

    /// <summary>
    /// The datetimes a .NET date can hold (0001-01-01 .. 9999-12-31; PostgreSQL goes to 294276 and ±infinity): the
    /// span and the --days reference are taken over these alone, and rows outside are invalid when read.
    /// </summary>
    private string Representable => _timestampWithZone
        ? "datetime >= '0001-01-01 00:00+00'::timestamptz AND datetime < '10000-01-01 00:00+00'::timestamptz"
        : "datetime >= '0001-01-01 00:00'::timestamp AND datetime < '10000-01-01 00:00'::timestamp";

    private Dictionary<long, Count> Counts(NpgsqlConnection conn, long[] ids, TimeWindow window, CancellationToken ct)
    {
        var counts = new Dictionary<long, Count>();
        if (ids.Length == 0) return counts;
        using var cmd = new NpgsqlCommand(
            $"SELECT ticker_id::int8, count(*) FILTER (WHERE {WindowSql(window)}), count(*), " +
            $"{EpochMs($"min(datetime) FILTER (WHERE {Representable})")}, {EpochMs($"max(datetime) FILTER (WHERE {Representable})")} " +
            "FROM minute_prices WHERE ticker_id = ANY(@ids) GROUP BY ticker_id", conn);
        cmd.Parameters.AddWithValue("ids", ids);
        using var r = Execute(cmd, ct);
        while (Read(r, ct))
            counts[r.GetInt64(0)] = new Count(r.GetInt64(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4));
        return counts;
    }

    /// <summary>The --days reference: the last valid bar at or before the end over the run's symbols.</summary>
    private long? Reference(NpgsqlConnection conn, long[] ids, long endMs, CancellationToken ct)
    {
        if (ids.Length == 0) return null;
        // On the values as the bars read them (a numeric beyond a double's range is infinite there, so invalid).
        string valid = "open > 0 AND open < 'Infinity' AND high > 0 AND high < 'Infinity' AND low > 0 AND low < 'Infinity' " +
            "AND close > 0 AND close < 'Infinity' AND high >= greatest(open, close) AND low <= least(open, close) " +
            $"AND (volume IS NULL OR (volume >= 0 AND volume < 'Infinity')) AND {Representable}";
        using var cmd = new NpgsqlCommand(
            $"SELECT {EpochMs("max(datetime)")} FROM (SELECT datetime, {DoubleColumns} FROM minute_prices " +
            $"WHERE ticker_id = ANY(@ids) AND {WindowSql(new TimeWindow(long.MinValue, endMs))}) AS bars(datetime, open, high, low, close, volume) WHERE {valid}", conn);
        cmd.Parameters.AddWithValue("ids", ids);
        var v = cmd.ExecuteScalarAsync(ct).GetAwaiter().GetResult();
        return v is long ms ? ms : null;
    }

    private string EpochMs(string expr) => _timestampWithZone
        ? $"floor(extract(epoch FROM {expr}) * 1000)::int8"
        : $"floor(extract(epoch FROM {expr} AT TIME ZONE 'UTC') * 1000)::int8";

    /// <summary>The window as SQL on <c>datetime</c>, with literals this code writes (never user text).</summary>
    private string WindowSql(TimeWindow window)
    {
        var parts = new List<string>();
        if (window.StartMs != long.MinValue) parts.Add($"datetime >= {Literal(window.StartMs)}");
        if (window.EndMs != long.MaxValue) parts.Add($"datetime < {Literal(window.EndMs + 1)}");
        return parts.Count == 0 ? "true" : string.Join(" AND ", parts);
    }

    private string Literal(long unixMs)
    {
        string iso = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        return _timestampWithZone ? $"'{iso}+00'::timestamptz" : $"'{iso}'::timestamp";
    }

    public LoadResult LoadBatch(SourcePlan plan, int from, int count, TimeWindow? window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var selected = _selected ?? throw new InvalidOperationException("Plan the source before loading it.");
        var w = window ?? plan.Window ?? TimeWindow.All;
        var batch = selected.GetRange(from, count);
        var symbolOf = new Dictionary<long, int>();
        for (int i = 0; i < batch.Count; i++)
            foreach (var id in batch[i].Ids) symbolOf[id] = i;
        string table = $"{Description} minute_prices";
        var buffers = batch.Select(s => new RawBarBuffer(s.Symbol, table, (int)Math.Min(int.MaxValue / 2, Math.Max(16, s.RowsInWindow)))).ToArray();

        if (symbolOf.Count > 0)
        {
            // One COPY per core, each over its own connection and its own symbols (balanced by rows): the server
            // produces and the client parses several streams at once.
            int streams = Math.Clamp(Environment.ProcessorCount, 1, Math.Min(4, batch.Count));
            var parts = new List<long>[streams];
            var load = new long[streams];
            for (int i = 0; i < streams; i++) parts[i] = [];
            foreach (int i in Enumerable.Range(0, batch.Count).OrderByDescending(i => batch[i].RowsInWindow))
            {
                int p = Array.IndexOf(load, load.Min());
                parts[p].AddRange(batch[i].Ids);
                load[p] += batch[i].RowsInWindow + 1;
            }

            Abandonable.Run(() => ReadStreams(parts, symbolOf, buffers, table, w, cancellationToken), cancellationToken);
        }

        if (plan.Request.OnInvalid == InvalidRowPolicy.Fail)
        {
            foreach (var b in buffers)
            {
                if (b.Issues.Count > 0)
                {
                    var first = b.Issues[0];
                    throw new DataLoadException($"{first.File}:{first.Line}: invalid row for {b.Symbol}: {first.Message} (--on-invalid fail)");
                }
            }
        }

        var series = new List<BarSeries>();
        var stats = new List<SymbolLoadStats>();
        var issues = new List<LoadIssue>();
        var skipped = new List<SkippedSymbol>();
        for (int i = 0; i < batch.Count; i++)
        {
            var raw = buffers[i];
            var s = batch[i];
            issues.AddRange(raw.Issues);
            var clean = raw.Count > 0 ? SeriesCleaner.Clean(raw) : null;
            int kept = clean?.Count ?? 0;
            stats.Add(new SymbolLoadStats(s.Symbol, table, raw.RowsRead, raw.InvalidRows, clean?.Duplicates ?? 0, (int)Math.Max(0, s.Rows - s.RowsInWindow), kept));
            if (clean != null)
                series.Add(new BarSeries(s.Symbol, clean.Times, clean.Open, clean.High, clean.Low, clean.Close, clean.Volume));
            else if (raw.RowsRead > 0)
                skipped.Add(new SkippedSymbol(s.Symbol, $"no valid bars ({raw.InvalidRows} invalid row{(raw.InvalidRows == 1 ? "" : "s")})"));
            else if (s.Rows > 0 && s.First is long first && s.Last is long last)
                skipped.Add(new SkippedSymbol(s.Symbol, BarLoader.NoBarsInWindow(w, (int)Math.Min(int.MaxValue, s.Rows), first, last)));
            else if (s.Rows > 0)
                skipped.Add(new SkippedSymbol(s.Symbol, $"no bars in the window ({w.Describe()}; none of its {s.Rows} rows is within the dates bt can hold)"));
            else
                skipped.Add(new SkippedSymbol(s.Symbol, "no data rows"));
        }

        return new LoadResult
        {
            Series = series,
            Issues = issues,
            Stats = stats,
            Skipped = skipped,
            Source = Description,
            WindowStart = w.StartInstant,
            WindowEnd = w.EndInstant,
        };
    }

    /// <summary>One COPY per part, in parallel, each over its own connection, into the symbols' buffers.</summary>
    private bool ReadStreams(List<long>[] parts, Dictionary<long, int> symbolOf, RawBarBuffer[] buffers, string table, TimeWindow w, CancellationToken cancellationToken)
    {
        int streams = parts.Length;
        // The first stream to fail stops the others at once (a silent server would otherwise hold each of them for
        // its own timeout) and is the failure reported.
        Exception? firstFailure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            Parallel.For(0, streams, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = streams }, p =>
            {
                if (parts[p].Count == 0) return;
                try
                {
                    using var conn = _connection.Open(stop.Token);
                    // ticker_id as stored (int4 or int8: the parser reads either), so ORDER BY follows the (ticker_id,
                    // datetime) key's index instead of sorting the batch; the float8 casts cost nothing on float8 columns.
                    string sql = $"COPY (SELECT ticker_id, datetime, {DoubleColumns} " +
                        $"FROM minute_prices WHERE ticker_id IN ({string.Join(",", parts[p].Order().Select(i => i.ToString(CultureInfo.InvariantCulture)))}) " +
                        $"AND {WindowSql(w)} ORDER BY ticker_id, datetime) TO STDOUT (FORMAT BINARY)";
                    using var stream = conn.BeginRawBinaryCopyAsync(sql, stop.Token).GetAwaiter().GetResult();
                    // Cancelled, the server is asked to end the COPY (from the pool: the request may wait on a
                    // silent server), so that the rest of it is neither sent nor skipped through on dispose.
                    using var cancel = stop.Token.Register(() => Task.Run(() => { try { stream.Cancel(); } catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException or IOException) { } }));
                    ReadCopy(stream, symbolOf, buffers, table, stop.Token);
                }
                catch (Exception e) when (!stop.IsCancellationRequested || e is not OperationCanceledException)
                {
                    Interlocked.CompareExchange(ref firstFailure, e, null);
                    stop.Cancel();
                    throw;
                }
            });
        }
        catch (Exception) when (firstFailure != null && !cancellationToken.IsCancellationRequested)
        {
            if (firstFailure is DataLoadException d) throw d;
            if (firstFailure is NpgsqlException or TimeoutException or IOException) throw new DataLoadException(_connection.Explain(firstFailure));
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(firstFailure).Throw();
        }
        catch (AggregateException) when (cancellationToken.IsCancellationRequested)
        {
            // A stream that failed of the cancellation itself (Npgsql may wrap it): the read was cancelled.
            throw new OperationCanceledException(cancellationToken);
        }
        return true;
    }

    /// <summary>Parses PostgreSQL's binary COPY format: a signature, then per row a field count and length-prefixed big-endian fields.</summary>
    private static void ReadCopy(Stream stream, Dictionary<long, int> symbolOf, RawBarBuffer[] buffers, string table, CancellationToken ct)
    {
        var input = new CopyReader(stream);
        var head = input.Take(19);
        if (!head[..11].SequenceEqual(CopySignature))
            throw new IOException("unexpected COPY header from the server");
        int extension = BinaryPrimitives.ReadInt32BigEndian(head[15..]);
        if (extension > 0) input.Take(extension);

        long lastId = long.MinValue;
        RawBarBuffer? target = null;
        long rowOfSymbol = 0;
        for (long row = 0; ; row++)
        {
            if ((row & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            short fields = BinaryPrimitives.ReadInt16BigEndian(input.Take(2));
            if (fields == -1) break;
            if (fields != 7) throw new IOException($"COPY row with {fields} fields, expected 7");
            long id = Int(input);
            long? micros = Int64OrNull(input);
            double? o = Float(input), h = Float(input), l = Float(input), c = Float(input), v = Float(input);
            if (id != lastId)
            {
                target = buffers[symbolOf[id]];
                lastId = id;
                rowOfSymbol = target.RowsRead;
            }

            target!.RowsRead++;
            rowOfSymbol++;
            long t = micros is long us ? PgEpochMs + FloorDiv(us, 1000) : 0;
            // PostgreSQL holds years up to 294276 and ±infinity (the int64 extremes); .NET dates stop at 9999.
            bool representable = micros is not (long.MinValue or long.MaxValue) && UnixTime.IsRepresentable(t);
            string? problem = micros == null ? "timestamp is missing"
                : !representable ? $"datetime {(micros == long.MaxValue ? "infinity" : micros == long.MinValue ? "-infinity" : $"{micros} µs from 2000-01-01")} is outside the dates bt can hold (0001-01-01 .. 9999-12-31)"
                : o == null ? "open is missing" : h == null ? "high is missing" : l == null ? "low is missing" : c == null ? "close is missing" : null;
            double vol = v ?? 0;
            problem ??= BarValidator.Check(o!.Value, h!.Value, l!.Value, c!.Value, vol);
            if (problem != null) target.AddInvalid(new LoadIssue(table, rowOfSymbol, target.Symbol, micros is null || !representable ? problem : $"{problem} (datetime {UnixTime.ToIso(t)})"));
            else target.Add(t, o!.Value, h!.Value, l!.Value, c!.Value, vol);
        }
    }

    private static ReadOnlySpan<byte> CopySignature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long Int(CopyReader input)
    {
        int len = BinaryPrimitives.ReadInt32BigEndian(input.Take(4));
        return len switch
        {
            8 => BinaryPrimitives.ReadInt64BigEndian(input.Take(8)),
            4 => BinaryPrimitives.ReadInt32BigEndian(input.Take(4)),
            _ => throw new IOException($"ticker_id of {len} bytes"),
        };
    }

    private static long? Int64OrNull(CopyReader input)
    {
        int len = BinaryPrimitives.ReadInt32BigEndian(input.Take(4));
        if (len == -1) return null;
        if (len != 8) throw new IOException($"datetime of {len} bytes");
        return BinaryPrimitives.ReadInt64BigEndian(input.Take(8));
    }

    private static double? Float(CopyReader input)
    {
        int len = BinaryPrimitives.ReadInt32BigEndian(input.Take(4));
        if (len == -1) return null;
        if (len != 8) throw new IOException($"float8 of {len} bytes");
        return BinaryPrimitives.ReadDoubleBigEndian(input.Take(8));
    }

    /// <summary>A refilling buffer over the COPY stream that hands out spans of exactly the bytes asked.</summary>
    private sealed class CopyReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _pos, _end;

        public ReadOnlySpan<byte> Take(int n)
        {
            if (_end - _pos < n) Fill(n);
            var span = new ReadOnlySpan<byte>(_buffer, _pos, n);
            _pos += n;
            return span;
        }

        private void Fill(int n)
        {
            if (n > _buffer.Length) throw new IOException($"COPY field of {n} bytes");
            int have = _end - _pos;
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, have);
            _pos = 0;
            _end = have;
            while (_end < n)
            {
                int read = stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0) throw new IOException("the COPY stream ended in the middle of a row");
                _end += read;
            }
        }
    }

    public void Dispose()
    {
    }
}
