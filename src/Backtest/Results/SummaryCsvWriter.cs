namespace Backtest.Results;

/// <summary>summary.csv (spec §7): one row per backtested symbol, in run order.</summary>
public static class SummaryCsvWriter
{
    public const string FileName = "summary.csv";
    public const string Header = "symbol,return_pct,trades,win_rate,sharpe_ratio,max_drawdown_pct";

    public static void Write(TextWriter writer, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ResultText.WriteCsvRow(writer, Header);
        foreach (var s in report.Symbols)
        {
            var m = s.Result.Metrics;
            ResultText.WriteCsvRow(writer,
                ResultText.CsvField(s.Symbol),
                ResultText.Number(m.TotalReturnPct),
                ResultText.Number(m.Trades),
                ResultText.Number(m.WinRate),
                ResultText.Number(m.SharpeRatio),
                ResultText.Number(m.MaxDrawdownPct));
        }
    }
}
