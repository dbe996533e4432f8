namespace Backtest.Data;

/// <summary>
/// Which rows of a bar file a read keeps. A file can hold several symbols (a symbol column), and a run read in
/// batches reads such a file once per batch holding any of its symbols: each read keeps only that batch's rows, so
/// no batch holds another batch's bars. A survey (<see cref="CountOnly"/>) keeps no bars at all and only counts
/// each symbol's rows, to plan the batches.
/// </summary>
internal sealed class ReadScope
{
    private readonly IReadOnlySet<string>? _symbols;

    private ReadScope(IReadOnlySet<string>? symbols, bool countOnly)
    {
        _symbols = symbols;
        CountOnly = countOnly;
    }

    /// <summary>Every row of every symbol, counted only (no bar is parsed or kept).</summary>
    public static ReadScope Survey { get; } = new(null, countOnly: true);

    /// <summary>Only the rows of <paramref name="symbols"/> (compared ignoring case, as symbols are).</summary>
    public static ReadScope Only(IReadOnlySet<string> symbols) => new(symbols, countOnly: false);

    /// <summary>True when rows are counted per symbol, not parsed.</summary>
    public bool CountOnly { get; }

    public bool Keeps(string symbol) => _symbols == null || _symbols.Contains(symbol);
}
