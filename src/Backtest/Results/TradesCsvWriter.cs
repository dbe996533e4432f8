using Backtest.Data;
using Backtest.Simulation;

namespace Backtest.Results;

/// <summary>
/// trades.csv (spec §7, with 2.0's side): every closed trade, symbols in run order, trades in the engine's order.
/// Times are those of the entry and exit fill bars; prices are fill prices after slippage.
/// </summary>
public static class TradesCsvWriter
{
    public const string FileName = "trades.csv";
    public const string Header = "symbol,side,entry_time,exit_time,entry_price,exit_price,shares,pnl,return_pct,exit_reason";

    public static void Write(TextWriter writer, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ResultText.WriteCsvRow(writer, Header);
        foreach (var s in report.Symbols)
        {
            string symbol = ResultText.CsvField(s.Symbol);
            foreach (var t in s.Result.Trades)
            {
                if ((uint)t.EntryBar >= (uint)s.Bars || (uint)t.ExitBar >= (uint)s.Bars)
                    throw new InvalidOperationException($"{s.Symbol}: trade bars {t.EntryBar}..{t.ExitBar} outside the series of {s.Bars} bars.");
                ResultText.WriteCsvRow(writer,
                    symbol,
                    t.Side.ToSpecName(),
                    UnixTime.ToIso(s.TimeOf(t.EntryBar)),
                    UnixTime.ToIso(s.TimeOf(t.ExitBar)),
                    ResultText.Number(t.EntryPrice),
                    ResultText.Number(t.ExitPrice),
                    ResultText.Number(t.Shares),
                    ResultText.Number(t.Pnl),
                    ResultText.Number(t.ReturnPct),
                    t.Reason.ToSpecName());
            }
        }
    }
}
