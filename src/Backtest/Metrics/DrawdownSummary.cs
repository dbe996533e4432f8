namespace Backtest.Metrics;

/// <summary>
/// The drawdowns of an equity curve (semantics §5), each maximised on its own: the largest fall from the running
/// peak in money and in percent, and the longest run of consecutive bars below that peak.
/// </summary>
/// <param name="Bars">Null where an engine does not follow the curve bar by bar (the Metal kernel).</param>
public readonly record struct DrawdownSummary(double Amount, double Pct, int? Bars);
