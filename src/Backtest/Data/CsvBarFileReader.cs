using System.Text;
using Backtest.Data.Files;

namespace Backtest.Data;

/// <summary>What one file yielded: rows per symbol in first-seen order, or the reason it could not be read.</summary>
internal sealed class FileReadResult(string file, string fileSymbol)
{
    public string File { get; } = file;

    /// <summary>The symbol the file name gives (used when the file has no symbol column).</summary>
    public string FileSymbol { get; } = fileSymbol;

    public List<RawBarBuffer> Symbols { get; } = [];

    /// <summary>Why the whole file is unusable (empty, no header, missing column); null when it was read.</summary>
    public LoadIssue? Problem { get; set; }
}

/// <summary>
/// Reads one delimited text file of bars (CSV, ';' or tab separated, with or without a header) into
/// per-symbol buffers of valid rows, recording every invalid row with its line number. The file is read
/// whole as UTF-8 bytes and parsed in place: one pass, no per-row allocation on valid rows.
/// </summary>
internal static class CsvBarFileReader
{
    /// <param name="limit">The most bytes the file may hold (<see cref="ReadLimit"/>): a larger file is skipped, not read.</param>
    /// <param name="scope">The rows to keep (null: all of them).</param>
    public static FileReadResult Read(string file, string fileSymbol, ReadLimit limit, CancellationToken cancellationToken, ReadScope? scope = null)
    {
        var result = new FileReadResult(file, fileSymbol);
        byte[] bytes;
        try
        {
            bytes = DataFile.ReadAll(file, limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Problem = new LoadIssue(file, 0, fileSymbol, $"cannot read the file: {e.Message}");
            return result;
        }

        Parse(bytes, result, cancellationToken, scope);
        return result;
    }

    /// <summary>
    /// The symbols a file holds with their row counts, read from its symbol column without parsing a bar; null when
    /// the file has no symbol column (it holds its name's symbol), or when its first line cannot be read (the load
    /// reports why).
    /// </summary>
    public static FileReadResult? Survey(string file, string fileSymbol, ReadLimit limit, CancellationToken cancellationToken)
    {
        if (!HasSymbolColumn(file)) return null;
        var survey = Read(file, fileSymbol, limit, cancellationToken, ReadScope.Survey);
        return survey.Problem == null && survey.Symbols.Count > 0 ? survey : null;
    }

    /// <summary>True when the file's first non-blank line (within its first 64 KiB) is a header naming a symbol column.</summary>
    private static bool HasSymbolColumn(string file)
    {
        var head = new byte[64 * 1024];
        int length;
        try
        {
            // Through the one gate for bar files: a FIFO or a device is refused here (the load says why), never read.
            using var stream = DataFile.OpenRead(file, limit: null);
            length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        ReadOnlySpan<byte> data = head.AsSpan(0, length);
        if (data.StartsWith("\xEF\xBB\xBF"u8)) data = data[3..];
        while (!data.IsEmpty)
        {
            int nl = data.IndexOf((byte)'\n');
            var line = nl < 0 ? data : data[..nl];
            data = nl < 0 ? default : data[(nl + 1)..];
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            if (line.Trim(" \t"u8).IsEmpty) continue;
            return CsvLayout.Detect(line, out _) is { HasSymbol: true };
        }

        return false;
    }

    public static void Parse(ReadOnlySpan<byte> data, FileReadResult result, CancellationToken cancellationToken, ReadScope? scope = null)
    {
        string file = result.File;
        if (data.StartsWith("\xEF\xBB\xBF"u8)) data = data[3..];

        long lineNo = 0, rows = 0;
        int pos = 0;
        CsvLayout? layout = null;
        RawBarBuffer? current = null;
        byte[] currentSymbolBytes = [];
        var bySymbol = new Dictionary<string, RawBarBuffer>(StringComparer.OrdinalIgnoreCase);
        var joined = new byte[96];   // date + ' ' + time, when split in two columns

        while (pos < data.Length)
        {
            int nl = data[pos..].IndexOf((byte)'\n');
            var line = nl < 0 ? data[pos..] : data.Slice(pos, nl);
            pos = nl < 0 ? data.Length : pos + nl + 1;
            lineNo++;
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            if (line.Trim(" \t"u8).IsEmpty) continue;   // blank lines hold no row

            if (layout == null)
            {
                layout = CsvLayout.Detect(line, out var layoutProblem);
                if (layout == null)
                {
                    result.Problem = new LoadIssue(file, 0, result.FileSymbol, layoutProblem!);
                    return;
                }

                int capacity = (int)Math.Min(int.MaxValue / 2, data.Length / Math.Max(16, line.Length + 1) + 16);
                current = GetBuffer(result.FileSymbol, layout.HasSymbol ? 1024 : capacity);
                if (layout.HasHeader) continue;
            }

            if ((lineNo & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();

            // Split the fields by role.
            ReadOnlySpan<byte> tf = default, todf = default, of = default, hf = default, lf = default, cf = default, vf = default, sf = default;
            bool hasT = false, hasTod = false, hasO = false, hasH = false, hasL = false, hasC = false, hasV = false, hasS = false;
            var roles = layout.Roles;
            var splitter = new FieldSplitter(line, layout.Delimiter);
            for (int i = 0; i < roles.Length && splitter.Next(out var f); i++)
            {
                switch (roles[i])
                {
                    case ColumnRole.Time: tf = f; hasT = true; break;
                    case ColumnRole.TimeOfDay: todf = f; hasTod = true; break;
                    case ColumnRole.Open: of = f; hasO = true; break;
                    case ColumnRole.High: hf = f; hasH = true; break;
                    case ColumnRole.Low: lf = f; hasL = true; break;
                    case ColumnRole.Close: cf = f; hasC = true; break;
                    case ColumnRole.Volume: vf = f; hasV = true; break;
                    case ColumnRole.Symbol: sf = f; hasS = true; break;
                }
            }

            var target = current!;
            if (layout.HasSymbol)
            {
                var sym = hasS ? sf.Trim(" \t\""u8) : default;   // a short row or an empty cell: the file's symbol
                if (!sym.IsEmpty && !sym.SequenceEqual(currentSymbolBytes))
                {
                    currentSymbolBytes = sym.ToArray();
                    current = GetBuffer(Encoding.UTF8.GetString(sym), 1024);
                }
                else if (sym.IsEmpty && currentSymbolBytes.Length > 0)
                {
                    currentSymbolBytes = [];
                    current = GetBuffer(result.FileSymbol, 1024);
                }

                target = current!;
            }

            rows++;
            if (scope != null && !scope.Keeps(target.Symbol)) continue;   // another batch's row
            target.RowsRead++;
            if (scope is { CountOnly: true }) continue;

            // Timestamp (date and time of day joined when they sit in two columns).
            long t = 0;
            string? problem = null;
            if (layout.SplitDateTime && hasTod)
            {
                var d = TimestampParser.Trim(tf);
                var tod = TimestampParser.Trim(todf);
                if (d.Length + tod.Length + 1 <= joined.Length)
                {
                    d.CopyTo(joined);
                    joined[d.Length] = (byte)' ';
                    tod.CopyTo(joined.AsSpan(d.Length + 1));
                    tf = joined.AsSpan(0, d.Length + 1 + tod.Length);
                }
            }

            if (!hasT || TimestampParser.Trim(tf).IsEmpty) problem = "timestamp is missing";
            else if (!TimestampParser.TryParseUtf8(tf, out t)) problem = $"timestamp '{Text(tf)}' is not a date or time";
            else if (!UnixTime.IsRepresentable(t)) problem = UnixTime.RangeProblem(t, Text(TimestampParser.Trim(tf)));

            double o = 0, h = 0, l = 0, c = 0, v = 0;
            problem ??= Number("open", hasO, of, out o) ?? Number("high", hasH, hf, out h)
                ?? Number("low", hasL, lf, out l) ?? Number("close", hasC, cf, out c);
            if (problem == null && layout.HasVolume && hasV && !TimestampParser.Trim(vf).IsEmpty)
                problem = Number("volume", true, vf, out v);   // an empty volume cell counts as volume 0
            problem ??= BarValidator.Check(o, h, l, c, v);

            if (problem != null) target.AddInvalid(new LoadIssue(file, lineNo, target.Symbol, problem));
            else target.Add(t, o, h, l, c, v);
        }

        if (layout == null) result.Problem = new LoadIssue(file, 0, result.FileSymbol, "the file is empty");
        else if (rows == 0)
            result.Problem = new LoadIssue(file, 0, result.FileSymbol, "the file has a header but no data rows");

        // The file-name buffer is dropped when a symbol column sent every row elsewhere.
        result.Symbols.RemoveAll(b => b.RowsRead == 0);

        RawBarBuffer GetBuffer(string symbol, int capacity)
        {
            if (!bySymbol.TryGetValue(symbol, out var buffer))
            {
                // Symbols only counted or left to other batches hold no bars: no room for them.
                if (scope != null && (scope.CountOnly || !scope.Keeps(symbol))) capacity = 0;
                buffer = new RawBarBuffer(symbol, file, capacity);
                bySymbol.Add(symbol, buffer);
                result.Symbols.Add(buffer);
            }

            return buffer;
        }
    }

    private static string? Number(string name, bool present, ReadOnlySpan<byte> field, out double value)
    {
        value = double.NaN;
        var f = TimestampParser.Trim(field);
        if (!present || f.IsEmpty) return $"{name} is missing";
        if (!DecimalParser.TryParse(f, out value))
            return $"{name} '{Text(f)}' is not a number";
        return null;
    }

    private static string Text(ReadOnlySpan<byte> s)
    {
        var text = Encoding.UTF8.GetString(s.Length > 60 ? s[..60] : s);
        return s.Length > 60 ? text + "..." : text;
    }
}
