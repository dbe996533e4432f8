using System.Buffers.Text;
using System.Globalization;
using Backtest.Data.Files;
using Parquet;
using Parquet.Schema;

namespace Backtest.Data.Parquet;

/// <summary>
/// Reads one Apache Parquet file of bars (Parquet.Net) into per-symbol buffers, with the same rules as the
/// delimited reader: columns are found by the same names (<c>timestamp</c>/<c>datetime</c>/<c>date</c>/...,
/// <c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>, optional <c>volume</c> and <c>symbol</c>/<c>ticker</c>),
/// every row is validated by <see cref="BarValidator"/>, and an invalid row is reported with the file and its
/// 1-based row number in the <see cref="LoadIssue.Line"/> field. Accepted column types: timestamps as Parquet
/// timestamps or dates (UTC; a timestamp not adjusted to UTC is read as UTC, as the text reader reads a time
/// without offset), integers or doubles (epoch, unit by magnitude as in <see cref="TimestampParser"/>) or
/// strings (parsed as in CSV); prices and volume as double, float (widened exactly), decimal (correctly
/// rounded to the nearest double, as the text of that decimal would be) or integers. A null price or
/// timestamp makes the row invalid ("... is missing"); a null volume is 0, like an empty volume cell.
/// A file that is not Parquet, is truncated or corrupt, lacks a column or has one of the wrong type, or claims more
/// (footer bytes, rows) than the memory budget can hold, is one file-level problem: its symbol is skipped and the
/// other files are read as usual. Types are named in Parquet's terms (<see cref="ParquetTypes"/>).
/// </summary>
internal static class ParquetBarFileReader
{
    /// <param name="limit">What the file may take in memory (<see cref="ReadLimit"/>): its footer and rows are checked against it first.</param>
    /// <param name="scope">The rows to keep (null: all of them); a survey reads the symbol column alone.</param>
    public static FileReadResult Read(string file, string fileSymbol, ReadLimit limit, CancellationToken cancellationToken, ReadScope? scope = null)
    {
        var result = new FileReadResult(file, fileSymbol);
        try
        {
            ReadAsync(file, limit, result, scope, cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(result, $"cannot read the file as Parquet: {e.Message}");
        }
        catch (OutOfMemoryException)
        {
            // One allocation the library sized from the file's own metadata (a damaged length inside the footer)
            // failed as a whole: nothing was half done, so the file is skipped like any damaged one.
            Fail(result, "corrupt Parquet file: its metadata asks for more memory than there is (a damaged length?)");
        }
        catch (Exception e)
        {
            // Parquet.Net reports damaged files with several exception types (Thrift, format, index, ...): their
            // messages say what is wrong; the .NET type names would not.
            Fail(result, $"corrupt Parquet file: {e.Message}");
        }

        return result;
    }

    private static void Fail(FileReadResult result, string message)
    {
        result.Symbols.Clear();
        result.Problem = new LoadIssue(result.File, 0, result.FileSymbol, message);
    }

    /// <summary>
    /// The symbols a file holds with their row counts, from its symbol column alone; null when it has no symbol
    /// column (it holds its name's symbol) or cannot be read (the load reports why).
    /// </summary>
    public static FileReadResult? Survey(string file, string fileSymbol, ReadLimit limit, CancellationToken cancellationToken)
    {
        var survey = Read(file, fileSymbol, limit, cancellationToken, ReadScope.Survey);
        return survey.Problem == null && survey.Symbols.Count > 0 ? survey : null;
    }

    private static async Task ReadAsync(string file, ReadLimit limit, FileReadResult result, ReadScope? scope, CancellationToken cancellationToken)
    {
        await using var stream = DataFile.OpenRead(file, limit: null);   // compressed: bounded by its rows, below
        if (ParquetFooter.Problem(stream, limit) is { } framing)
        {
            Fail(result, framing);
            return;
        }

        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var names = fields.Select(f => CsvLayout.Normalise(f.Name)).ToArray();
        var layout = Layout(fields, names, out string? problem);
        if (layout == null)
        {
            Fail(result, problem!);
            return;
        }

        long total = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            long rows = reader.OpenRowGroupReader(g).RowCount;
            if (rows < 0)
            {
                Fail(result, string.Create(CultureInfo.InvariantCulture, $"corrupt Parquet file: row group {g + 1} claims {rows} rows"));
                return;
            }

            total = rows > long.MaxValue - total ? long.MaxValue : total + rows;   // crafted counts saturate, never wrap
        }

        if (total == 0)
        {
            Fail(result, "the Parquet file has no rows");
            return;
        }

        if (total > limit.Rows)
        {
            Fail(result, limit.TooManyRows("the file", total));
            return;
        }

        var bySymbol = new Dictionary<string, RawBarBuffer>(StringComparer.OrdinalIgnoreCase);
        RawBarBuffer Buffer(string symbol, int capacity)
        {
            if (!bySymbol.TryGetValue(symbol, out var b))
            {
                // Symbols only counted or left to other batches hold no bars: no room for them.
                if (scope != null && (scope.CountOnly || !scope.Keeps(symbol))) capacity = 0;
                b = new RawBarBuffer(symbol, file, capacity);
                bySymbol.Add(symbol, b);
                result.Symbols.Add(b);
            }

            return b;
        }

        if (scope is { CountOnly: true } && layout.Symbol == null)
        {
            // Nothing to survey: every row is the file name's symbol.
            result.Symbols.Add(new RawBarBuffer(result.FileSymbol, file, 0) { RowsRead = (int)Math.Min(total, int.MaxValue) });
            return;
        }

        var fileBuffer = Buffer(result.FileSymbol, layout.Symbol == null ? (int)Math.Min(total, int.MaxValue / 2) : 1024);
        long rowBase = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            if (scope is { CountOnly: true })
            {
                await CountSymbols(group, layout.Symbol!, n, fileBuffer, Buffer, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var times = await Times(group, layout.Time, n, cancellationToken).ConfigureAwait(false);
            var open = await Numbers(group, layout.Open, n, cancellationToken).ConfigureAwait(false);
            var high = await Numbers(group, layout.High, n, cancellationToken).ConfigureAwait(false);
            var low = await Numbers(group, layout.Low, n, cancellationToken).ConfigureAwait(false);
            var close = await Numbers(group, layout.Close, n, cancellationToken).ConfigureAwait(false);
            var volume = layout.Volume == null ? null : await Numbers(group, layout.Volume, n, cancellationToken).ConfigureAwait(false);
            string?[]? symbols = null;
            if (layout.Symbol != null)
            {
                symbols = new string?[n];
                await group.ReadAsync(layout.Symbol, symbols.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            RawBarBuffer target = fileBuffer;
            string? lastSymbol = null;
            for (int i = 0; i < n; i++)
            {
                if (symbols != null)
                {
                    string? sym = symbols[i]?.Trim();
                    if (string.IsNullOrEmpty(sym)) target = fileBuffer;
                    else if (!string.Equals(sym, lastSymbol, StringComparison.Ordinal)) target = Buffer(sym, 1024);
                    lastSymbol = string.IsNullOrEmpty(sym) ? null : sym;
                }

                if (scope != null && !scope.Keeps(target.Symbol)) continue;   // another batch's row
                target.RowsRead++;
                long line = rowBase + i + 1;
                string? bad = times.Problem(i) ?? open.Missing(i, "open") ?? high.Missing(i, "high") ?? low.Missing(i, "low") ?? close.Missing(i, "close");
                double v = volume == null || volume.IsNull(i) ? 0 : volume.Values[i];
                bad ??= BarValidator.Check(open.Values[i], high.Values[i], low.Values[i], close.Values[i], v);
                if (bad != null) target.AddInvalid(new LoadIssue(file, line, target.Symbol, bad));
                else target.Add(times.Ms[i], open.Values[i], high.Values[i], low.Values[i], close.Values[i], v);
            }

            rowBase += n;
        }

        // The file-name buffer is dropped when a symbol column sent every row elsewhere.
        result.Symbols.RemoveAll(b => b.RowsRead == 0);
    }

    /// <summary>Counts a row group's rows per symbol (the same attribution as a read), reading the symbol column alone.</summary>
    private static async Task CountSymbols(ParquetRowGroupReader group, DataField symbol, int n, RawBarBuffer fileBuffer,
        Func<string, int, RawBarBuffer> buffer, CancellationToken cancellationToken)
    {
        var symbols = new string?[n];
        await group.ReadAsync(symbol, symbols.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < n; i++)
        {
            string? sym = symbols[i]?.Trim();
            (string.IsNullOrEmpty(sym) ? fileBuffer : buffer(sym, 0)).RowsRead++;
        }
    }

    private sealed record ParquetLayout(DataField Time, DataField Open, DataField High, DataField Low, DataField Close, DataField? Volume, DataField? Symbol);

    private static ParquetLayout? Layout(DataField[] fields, string[] names, out string? problem)
    {
        problem = null;
        var missing = new List<string>();
        DataField? Pick(string[] accepted, string label, bool required)
        {
            int i = CsvLayout.Find(names, accepted);
            if (i < 0 && required) missing.Add(label);
            return i < 0 ? null : fields[i];
        }

        var time = Pick(CsvLayout.TimeNames, "time (date/datetime/time/timestamp)", true);
        var open = Pick(CsvLayout.OpenNames, "open", true);
        var high = Pick(CsvLayout.HighNames, "high", true);
        var low = Pick(CsvLayout.LowNames, "low", true);
        var close = Pick(CsvLayout.CloseNames, "close", true);
        var volume = Pick(CsvLayout.VolumeNames, "volume", false);
        var symbol = Pick(CsvLayout.SymbolNames, "symbol", false);
        if (missing.Count > 0)
        {
            problem = $"missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} in the Parquet schema ({string.Join(", ", fields.Select(f => f.Name))})";
            return null;
        }

        foreach (var f in new[] { time, open, high, low, close, volume, symbol })
        {
            if (f is { IsArray: true })
            {
                problem = $"column '{f.Name}' is a list; bar columns must hold one value per row";
                return null;
            }
        }

        if (!ParquetTypes.IsTime(time!))
        {
            problem = ParquetTypes.WrongType(time!, ParquetTypes.ExpectedTime);
            return null;
        }

        foreach (var f in new[] { open, high, low, close, volume })
        {
            if (f != null && !ParquetTypes.IsNumber(f))
            {
                problem = ParquetTypes.WrongType(f, ParquetTypes.ExpectedNumber);
                return null;
            }
        }

        if (symbol != null && !ParquetTypes.IsText(symbol))
            symbol = null;   // a numeric "name"-like column is not a symbol
        return new ParquetLayout(time!, open!, high!, low!, close!, volume, symbol);
    }

    /// <summary>A numeric column as doubles, with its nulls.</summary>
    private sealed class NumberColumn(double[] values, bool[]? nulls)
    {
        public double[] Values { get; } = values;

        public bool IsNull(int i) => nulls != null && nulls[i];

        public string? Missing(int i, string name) => IsNull(i) ? $"{name} is missing" : null;
    }

    private sealed class TimeColumn(long[] ms, string?[] problems)
    {
        public long[] Ms { get; } = ms;

        public string? Problem(int i) => problems[i];
    }

    private static async Task<NumberColumn> Numbers(ParquetRowGroupReader group, DataField field, int n, CancellationToken ct)
    {
        var type = field.ClrType;
        if (type == typeof(double)) return await Read<double>(group, field, n, static v => v, ct).ConfigureAwait(false);
        if (type == typeof(float)) return await Read<float>(group, field, n, static v => v, ct).ConfigureAwait(false);
        if (type == typeof(decimal)) return await Read<decimal>(group, field, n, DecimalToDouble, ct).ConfigureAwait(false);
        if (type == typeof(long)) return await Read<long>(group, field, n, static v => v, ct).ConfigureAwait(false);
        if (type == typeof(int)) return await Read<int>(group, field, n, static v => v, ct).ConfigureAwait(false);
        if (type == typeof(short)) return await Read<short>(group, field, n, static v => v, ct).ConfigureAwait(false);
        if (type == typeof(ulong)) return await Read<ulong>(group, field, n, static v => v, ct).ConfigureAwait(false);
        if (type == typeof(uint)) return await Read<uint>(group, field, n, static v => v, ct).ConfigureAwait(false);
        throw new FormatException(ParquetTypes.WrongType(field, ParquetTypes.ExpectedNumber));
    }

    private static async Task<NumberColumn> Read<T>(ParquetRowGroupReader group, DataField field, int n, Func<T, double> convert, CancellationToken ct)
        where T : struct
    {
        var values = new double[n];
        if (!field.IsNullable)
        {
            var raw = new T[n];
            await group.ReadAsync<T>(field, raw.AsMemory(), null, ct).ConfigureAwait(false);
            for (int i = 0; i < n; i++) values[i] = convert(raw[i]);
            return new NumberColumn(values, null);
        }

        var nullable = new T?[n];
        await group.ReadAsync<T>(field, nullable.AsMemory(), null, ct).ConfigureAwait(false);
        var nulls = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (nullable[i] is { } v) values[i] = convert(v);
            else nulls[i] = true;
        }

        return new NumberColumn(values, nulls);
    }

    private static async Task<TimeColumn> Times(ParquetRowGroupReader group, DataField field, int n, CancellationToken ct)
    {
        var ms = new long[n];
        var problems = new string?[n];
        var type = field.ClrType;
        if (type == typeof(DateTime))
        {
            var v = await Values<DateTime>(group, field, n, ct).ConfigureAwait(false);
            for (int i = 0; i < n; i++)
            {
                if (v[i] is { } t) ms[i] = FloorMs(t.Ticks - DateTime.UnixEpoch.Ticks);   // any kind is read as UTC
                else problems[i] = "timestamp is missing";
            }
        }
        else if (type == typeof(DateTimeOffset))
        {
            var v = await Values<DateTimeOffset>(group, field, n, ct).ConfigureAwait(false);
            for (int i = 0; i < n; i++)
            {
                if (v[i] is { } t) ms[i] = FloorMs(t.UtcTicks - DateTime.UnixEpoch.Ticks);
                else problems[i] = "timestamp is missing";
            }
        }
        else if (type == typeof(DateOnly))
        {
            var v = await Values<DateOnly>(group, field, n, ct).ConfigureAwait(false);
            for (int i = 0; i < n; i++)
            {
                if (v[i] is { } d) ms[i] = (d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * 86_400_000L;
                else problems[i] = "timestamp is missing";
            }
        }
        else if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var v = new string?[n];
            await group.ReadAsync(field, v.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            for (int i = 0; i < n; i++)
            {
                if (string.IsNullOrWhiteSpace(v[i])) problems[i] = "timestamp is missing";
                else if (!TimestampParser.TryParse(v[i]!, out ms[i])) problems[i] = $"timestamp '{Shorten(v[i]!)}' is not a date or time";
                else if (!UnixTime.IsRepresentable(ms[i])) problems[i] = UnixTime.RangeProblem(ms[i], Shorten(v[i]!.Trim()));
            }
        }
        else
        {
            // Epoch numbers: formatted as their text and read by the text reader, so that the unit rule
            // (seconds, ms, µs, ns by magnitude; yyyyMMdd dates) is exactly the one of CSV files.
            var numbers = await Numbers(group, field, n, ct).ConfigureAwait(false);
            bool integral = type != typeof(double) && type != typeof(float) && type != typeof(decimal);
            Span<byte> text = stackalloc byte[40];
            for (int i = 0; i < n; i++)
            {
                if (numbers.IsNull(i)) { problems[i] = "timestamp is missing"; continue; }
                double d = numbers.Values[i];
                bool ok = integral
                    ? Utf8Formatter.TryFormat((long)d, text, out int written)
                    : d.TryFormat(text, out written, "R", CultureInfo.InvariantCulture);
                if (!ok || !TimestampParser.TryParseUtf8(text[..written], out ms[i]))
                    problems[i] = $"timestamp '{d.ToString("R", CultureInfo.InvariantCulture)}' is not a date or time";
                else if (!UnixTime.IsRepresentable(ms[i]))
                    problems[i] = UnixTime.RangeProblem(ms[i], System.Text.Encoding.UTF8.GetString(text[..written]));
            }
        }

        return new TimeColumn(ms, problems);
    }

    /// <summary>
    /// A column's values with nulls as null. A required (non-nullable) column is read through the non-nullable
    /// overload: Parquet.Net 6.1's nullable overload on a required column reads definition levels from a pooled buffer
    /// it does not clear, so values came back null at random when other code shared the array pool.
    /// </summary>
    private static async Task<T?[]> Values<T>(ParquetRowGroupReader group, DataField field, int n, CancellationToken ct)
        where T : struct
    {
        var values = new T?[n];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            return values;
        }

        var raw = new T[n];
        await group.ReadAsync<T>(field, raw.AsMemory(), null, ct).ConfigureAwait(false);
        for (int i = 0; i < n; i++) values[i] = raw[i];
        return values;
    }

    /// <summary>The double nearest to the decimal, as <see cref="DecimalParser"/> reads the decimal's text.</summary>
    private static double DecimalToDouble(decimal value)
    {
        Span<byte> text = stackalloc byte[40];
        return Utf8Formatter.TryFormat(value, text, out int written) && DecimalParser.TryParse(text[..written], out double d)
            ? d
            : (double)value;
    }

    private static long FloorMs(long ticks)
    {
        long q = ticks / TimeSpan.TicksPerMillisecond, r = ticks % TimeSpan.TicksPerMillisecond;
        return r < 0 ? q - 1 : q;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
