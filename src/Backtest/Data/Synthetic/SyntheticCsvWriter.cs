using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using Backtest.Results;

namespace Backtest.Data.Synthetic;

/// <summary>
/// Writes the synthetic universe as one CSV per symbol, <c>DIR/SYN0001.csv</c> …, with the header
/// <see cref="Header"/>, ISO 8601 UTC timestamps and invariant shortest round-trip numbers, so that parsing
/// a file gives back the generated doubles bit for bit. Next to them, <see cref="DescriptionFileName"/>
/// records the options that made them.
/// </summary>
/// <remarks>
/// Every file is written atomically (temporary file, then rename). Files of an earlier, larger universe
/// in the same directory are left alone; use an empty directory to avoid mixing universes.
/// <see cref="DescriptionFileName"/> is written last, after every CSV: its presence (with matching options)
/// means the set is complete, while a cancelled or failed run leaves only whole CSVs and no description.
/// </remarks>
public static class SyntheticCsvWriter
{
    public const string Header = "timestamp,open,high,low,close,volume";
    public const string DescriptionFileName = "synthetic.json";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Generates and writes every symbol of <paramref name="options"/> into <paramref name="directory"/>
    /// (created if missing), in parallel, holding only the symbols being written in memory.
    /// </summary>
    /// <param name="maxDegreeOfParallelism">−1 for the runtime's choice; the files never depend on it.</param>
    public static SyntheticWriteResult Write(
        SyntheticUniverseOptions options, string directory, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
        => Write(options, directory, maxDegreeOfParallelism, null, cancellationToken);

    /// <param name="create">Opens each temporary file (tests inject a full disk here); null for the file system.</param>
    internal static SyntheticWriteResult Write(
        SyntheticUniverseOptions options, string directory, int maxDegreeOfParallelism, Func<string, Stream>? create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var layout = new SessionLayout(options);
        string full = Path.GetFullPath(directory);
        Directory.CreateDirectory(full);
        OutputTempFiles.RemoveStale(full);
        // A description left by an earlier run must not vouch for files this run has not finished.
        string description = Path.Combine(full, DescriptionFileName);
        File.Delete(description);

        long bars = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, options.Symbols, parallel, i =>
            {
                var series = SyntheticUniverse.Generate(options, i, layout);
                WriteSeries(series, full, series.Symbol + ".csv", create);
                Interlocked.Add(ref bars, series.Count);
            });
        }
        catch (AggregateException e)
        {
            // The first failure, as itself: a full disk is an IOException for the caller to report on one line.
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
        WriteDescription(options, layout, description);
        return new SyntheticWriteResult(full, options.Symbols, bars);
    }

    /// <summary>Writes one series as CSV to <paramref name="path"/>, atomically.</summary>
    public static void WriteSeries(BarSeries series, string path)
    {
        string full = Path.GetFullPath(path);
        WriteSeries(series, Path.GetDirectoryName(full)!, Path.GetFileName(full), null);
    }

    private static void WriteSeries(BarSeries series, string directory, string fileName, Func<string, Stream>? create)
    {
        ArgumentNullException.ThrowIfNull(series);
        // The stale temporary files were removed once for the whole directory, before the first file.
        new OutputFileSet(directory, create, removeStaleTemps: false).Add(fileName, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true);
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            Span<char> line = stackalloc char[256];
            for (int k = 0; k < series.Count; k++)
            {
                int length = FormatBar(series, k, line);
                writer.Write(line[..length]);
            }
        }).Commit();
    }

    // One "timestamp,open,high,low,close,volume\n" line; 256 chars hold the longest doubles with room to spare.
    private static int FormatBar(BarSeries series, int k, Span<char> line)
    {
        int at = 0;
        var time = DateTime.UnixEpoch.AddMilliseconds(series.Times[k]);
        string format = time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        Check(time.TryFormat(line, out int written, format, CultureInfo.InvariantCulture));
        at += written;
        at = AppendNumber(line, at, series.Open[k]);
        at = AppendNumber(line, at, series.High[k]);
        at = AppendNumber(line, at, series.Low[k]);
        at = AppendNumber(line, at, series.Close[k]);
        at = AppendNumber(line, at, series.Volume[k]);
        line[at++] = '\n';
        return at;
    }

    private static int AppendNumber(Span<char> line, int at, double value)
    {
        line[at++] = ',';
        // "R": the shortest text that parses back to the same double.
        Check(value.TryFormat(line[at..], out int written, "R", CultureInfo.InvariantCulture));
        return at + written;
    }

    private static void Check(bool formatted)
    {
        if (!formatted)
            throw new InvalidOperationException("A CSV field did not fit its line buffer.");
    }

    private static void WriteDescription(SyntheticUniverseOptions options, SessionLayout layout, string path)
    {
        AtomicFileWriter.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("generator", "bt built-in synthetic universe");
            json.WriteNumber("seed", options.Seed);
            json.WriteNumber("symbols", options.Symbols);
            json.WriteNumber("days", options.Days);
            json.WriteString("startDate", options.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("barsPerDay", SyntheticUniverseOptions.BarsPerDay);
            json.WriteString("session", "14:30-21:00 UTC (09:30-16:00 EST, fixed offset), weekdays, holidays not modelled");
            json.WriteString("firstBar", UnixTime.ToIso(layout.Times[0]));
            json.WriteString("lastBar", UnixTime.ToIso(layout.Times[^1]));
            json.WriteString("firstSymbol", SyntheticUniverse.SymbolName(0));
            json.WriteString("lastSymbol", SyntheticUniverse.SymbolName(options.Symbols - 1));
            json.WriteEndObject();
        });
    }
}
