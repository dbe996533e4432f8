using System.Globalization;
using System.IO.Compression;
using Backtest.Data.Files;

namespace Backtest.Data;

/// <summary>
/// Reads a LEAN minute folder (<c>.../minute/spy/YYYYMMDD_trade.zip</c>, each holding one headerless CSV of
/// <c>ms since midnight, open, high, low, close, volume</c>). Equity prices are in deci-cents (×10,000) and
/// times are New York local time; under a <c>crypto</c> folder prices are plain and times are UTC
/// (LEAN's conventions). Issues name the zip file and the line inside its CSV. A zip's CSV is inflated in memory
/// up to the read limit only: a header claiming more is refused before inflating, and inflated bytes are counted, so a
/// zip whose header lies (a zip bomb) stops at the limit too.
/// </summary>
internal static class LeanMinuteReader
{
    private static readonly Lazy<TimeZoneInfo> NewYork = new(() => TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

    public static FileReadResult Read(string folder, string symbol, ReadLimit limit, CancellationToken cancellationToken)
    {
        var result = new FileReadResult(folder, symbol);
        var buffer = new RawBarBuffer(symbol, folder, 4096);
        bool crypto = folder.Replace('\\', '/').Split('/').Contains("crypto", StringComparer.OrdinalIgnoreCase);
        double divisor = crypto ? 1.0 : 10_000;   // division, not × 1e-4, so 1674100 gives exactly 167.41

        List<string> zips;
        try
        {
            zips = Directory.EnumerateFiles(folder, "*_trade.zip").Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Problem = new LoadIssue(folder, 0, symbol, $"cannot list the LEAN folder: {e.Message}");
            return result;
        }

        foreach (var zip in zips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(zip);
            if (name.Length < 8 || !DateTime.TryParseExact(name[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                result.Problem = new LoadIssue(zip, 0, symbol, "LEAN file name does not start with a yyyyMMdd date");
                continue;
            }

            byte[] bytes;
            try
            {
                using var file = DataFile.OpenRead(zip, limit);
                using var archive = new ZipArchive(file, ZipArchiveMode.Read);
                var entry = archive.Entries.FirstOrDefault(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase));
                if (entry == null)
                {
                    result.Problem = new LoadIssue(zip, 0, symbol, "the zip holds no .csv file");
                    continue;
                }

                if (entry.Length > limit.Bytes)
                {
                    result.Problem = new LoadIssue(zip, 0, symbol, $"cannot read the zip: {limit.TooLarge($"its {entry.Name}", entry.Length)}");
                    continue;
                }

                using var stream = entry.Open();
                bytes = DataFile.ReadToEnd(stream, limit, $"its {entry.Name}");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                result.Problem = new LoadIssue(zip, 0, symbol, $"cannot read the zip: {e.Message}");
                continue;
            }

            ParseDay(bytes, zip, day, crypto, divisor, buffer);
        }

        if (buffer.RowsRead > 0) result.Symbols.Add(buffer);
        else result.Problem ??= new LoadIssue(folder, 0, symbol, "the LEAN folder has no trade rows");
        return result;
    }

    private static void ParseDay(ReadOnlySpan<byte> data, string zip, DateTime day, bool crypto, double divisor, RawBarBuffer buffer)
    {
        // Midnight of the day as a UTC instant; New York's offset is taken per bar (a DST switch happens at 02:00).
        long dayMs = (long)(day - DateTime.UnixEpoch).TotalMilliseconds;
        long lineNo = 0;
        int pos = 0;
        Span<double> v = stackalloc double[6];
        while (pos < data.Length)
        {
            int nl = data[pos..].IndexOf((byte)'\n');
            var line = nl < 0 ? data[pos..] : data.Slice(pos, nl);
            pos = nl < 0 ? data.Length : pos + nl + 1;
            lineNo++;
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            if (line.Trim(" \t"u8).IsEmpty) continue;
            buffer.RowsRead++;

            string? problem = null;
            var splitter = new FieldSplitter(line, (byte)',');
            int n = 0;
            while (n < 6 && splitter.Next(out var f))
            {
                var t = f.Trim(" "u8);
                if (t.IsEmpty) v[n] = double.NaN;
                else if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v[n]))
                    problem ??= $"field {n + 1} is not a number";
                n++;
            }

            if (n < 5 || double.IsNaN(v[0])) problem ??= "expected ms, open, high, low, close[, volume]";
            double volume = n > 5 && !double.IsNaN(v[5]) ? v[5] : 0;
            long local = dayMs + (long)v[0];
            long utc = 0;
            if (problem == null)
            {
                utc = crypto ? local : local - (long)NewYork.Value.GetUtcOffset(
                    DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(local), DateTimeKind.Unspecified)).TotalMilliseconds;
                problem = (double.IsNaN(v[1]) ? "open is missing" : null) ?? (double.IsNaN(v[2]) ? "high is missing" : null)
                    ?? (double.IsNaN(v[3]) ? "low is missing" : null) ?? (double.IsNaN(v[4]) ? "close is missing" : null)
                    ?? BarValidator.Check(v[1] / divisor, v[2] / divisor, v[3] / divisor, v[4] / divisor, volume);
            }

            if (problem != null) buffer.AddInvalid(new LoadIssue(zip, lineNo, buffer.Symbol, problem));
            else buffer.Add(utc, v[1] / divisor, v[2] / divisor, v[3] / divisor, v[4] / divisor, volume);
        }
    }
}
