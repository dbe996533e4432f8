namespace Backtest.Data;

/// <summary>One symbol a source holds, with its rows (exact for a surveyed file, else estimated from the file's size).</summary>
internal sealed record HeldSymbol(string Symbol, long Rows);

/// <summary>
/// Which symbols each source holds, so a run can be cut in batches of symbols before any bar is read. A file
/// without a symbol column holds its name's symbol; a file with one (a whole universe in one CSV or Parquet file,
/// or a per-symbol file that repeats its symbol on each row) has that column read, and only that column: no bar is
/// parsed or kept.
/// </summary>
internal static class SymbolSurvey
{
    // Sizing only (a batch is cut when its estimated bars reach the budget): over-estimating is safe.
    private const int TextBytesPerBarEstimate = Files.ReadLimit.TextBytesPerBar;
    private const int CompressedBytesPerBarEstimate = 8;

    /// <summary>The symbols of each source, in source order; each source's symbols in first-seen order.</summary>
    public static List<HeldSymbol>[] Of(IReadOnlyList<DataSource> sources, Files.ReadLimit limit, CancellationToken cancellationToken)
    {
        var held = new List<HeldSymbol>[sources.Count];
        // A surveyed CSV is held in memory while its column is read: a few files at a time, not all cores' worth.
        Parallel.For(0, sources.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Min(4, Environment.ProcessorCount) },
            i => held[i] = Of(sources[i], limit, cancellationToken));
        return held;
    }

    private static List<HeldSymbol> Of(DataSource source, Files.ReadLimit limit, CancellationToken cancellationToken)
    {
        var survey = source.Kind switch
        {
            SourceKind.Delimited => CsvBarFileReader.Survey(source.Path, source.Symbol, limit, cancellationToken),
            SourceKind.Parquet => Parquet.ParquetBarFileReader.Survey(source.Path, source.Symbol, limit, cancellationToken),
            _ => null,
        };
        if (survey == null) return [new HeldSymbol(source.Symbol, EstimatedBars(source))];
        return survey.Symbols.Select(b => new HeldSymbol(b.Symbol, Math.Max(1, (long)b.RowsRead))).ToList();
    }

    /// <summary>Bars a source of one symbol holds, judged from its bytes.</summary>
    private static long EstimatedBars(DataSource source)
    {
        try
        {
            long bytes = source.Kind == SourceKind.LeanMinuteFolder
                ? Directory.EnumerateFiles(source.Path, "*_trade.zip").Sum(f => new FileInfo(f).Length)
                : new FileInfo(source.Path).Length;
            return bytes / (source.Kind == SourceKind.Delimited ? TextBytesPerBarEstimate : CompressedBytesPerBarEstimate) + 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 1;   // the load says why it cannot be read
        }
    }
}
