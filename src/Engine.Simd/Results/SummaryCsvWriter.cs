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
        writer.Write(Header);
        writer.Write('\n');
        foreach (var s in report.Symbols)
        {
            var m = s.Result.Metrics;
            writer.Write(ResultText.CsvField(s.Symbol));
            writer.Write(',');
            writer.Write(ResultText.Number(m.TotalReturnPct));
            writer.Write(',');
            writer.Write(ResultText.Number(m.Trades));
            writer.Write(',');
            writer.Write(ResultText.Number(m.WinRate));
            writer.Write(',');
            writer.Write(ResultText.Number(m.SharpeRatio));
            writer.Write(',');
            writer.Write(ResultText.Number(m.MaxDrawdownPct));
            writer.Write('\n');
        }
    }
}
