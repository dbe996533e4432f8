using Backtest.Data;
using Backtest.Simulation;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Reference;
using Backtest.Strategy;

using Backtest.Tests.Support;

namespace Backtest.Tests.Contract;

/// <summary>
/// How close a bar's decision came to going the other way, in the reference's f64 values: the smallest
/// distance of any comparison the bar makes to its threshold, relative to the close for price-unit
/// quantities, in points for RSI, relative to the level for stops and targets and to the share count for
/// the sizing floor. The f32 contract of spec §6 allows a differing trade list only where this is ≤ 1e-3.
/// </summary>
internal sealed class DecisionMargins
{
    private readonly BarSeries _bars;
    private readonly S3Settings _p;
    private readonly double[] _smaFast, _smaSlow, _rsi, _macd, _signal, _lower, _upper;
    private readonly IReadOnlyList<Trade> _trades;
    private readonly int _firstDecisionBar;

    public DecisionMargins(BarSeries bars, S3Settings p, IReadOnlyList<Trade> referenceTrades)
    {
        _bars = bars;
        _p = p;
        // S3's indicators (strategies.md §8) as the reference evaluates them.
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        int smaFast = g.Function(NodeOp.Sma, close, p.SmaFast), smaSlow = g.Function(NodeOp.Sma, close, p.SmaSlow);
        int rsi = g.Function(NodeOp.Rsi, close, p.RsiPeriod);
        int middle = g.Function(NodeOp.Sma, close, p.BbPeriod), deviation = g.Function(NodeOp.Stdev, close, p.BbPeriod);
        int line = g.Operator(NodeOp.Subtract, g.Function(NodeOp.Ema, close, p.MacdFast), g.Function(NodeOp.Ema, close, p.MacdSlow));
        int signal = g.Function(NodeOp.Ema, line, p.MacdSignal);
        var values = ReferenceEvaluator.Evaluate(g.Build(new StrategyRules(g.Bool(false), -1, -1, -1)), bars);
        (_smaFast, _smaSlow, _rsi, _macd, _signal) = (values[smaFast], values[smaSlow], values[rsi], values[line], values[signal]);
        _lower = [.. values[middle].Zip(values[deviation], (m, d) => m - p.BbK * d)];
        _upper = [.. values[middle].Zip(values[deviation], (m, d) => m + p.BbK * d)];
        _trades = referenceTrades;
        _firstDecisionBar = p.WarmupBars;
    }

    /// <summary>The smallest margin over bars [k−1, k+1], the bars whose decisions a fill at k depends on.</summary>
    public double Around(int k)
    {
        double min = double.PositiveInfinity;
        for (int j = Math.Max(0, k - 1); j <= Math.Min(_bars.Count - 1, k + 1); j++) min = Math.Min(min, At(j));
        return min;
    }

    public double At(int k)
    {
        double min = double.PositiveInfinity;
        double c = _bars.Close[k];
        if (k >= _firstDecisionBar)
        {
            min = Math.Min(min, Math.Abs(_smaFast[k] - _smaSlow[k]) / c);
            min = Math.Min(min, Math.Abs(_lower[k] - c) / c);
            min = Math.Min(min, Math.Abs(c - _upper[k]) / c);
            min = Math.Min(min, Math.Abs(_macd[k] - _signal[k]) / c);
            min = Math.Min(min, Math.Abs(_rsi[k] - _p.RsiLow));
            min = Math.Min(min, Math.Abs(_rsi[k] - _p.RsiHigh));
        }

        double cash = _p.Execution.Capital;
        foreach (var t in _trades)
        {
            if (t.EntryBar == k) min = Math.Min(min, SizingMargin(t, cash));
            if (t.EntryBar <= k && k <= t.ExitBar)
            {
                double stop = OrderMath.StopPrice(t.EntryPrice, _p.Execution), target = OrderMath.TargetPrice(t.EntryPrice, _p.Execution);
                if (_p.Execution.StopLossPct > 0)
                {
                    min = Math.Min(min, Math.Abs(_bars.Low[k] - stop) / stop);
                    min = Math.Min(min, Math.Abs(_bars.Open[k] - stop) / stop);
                }
                if (_p.Execution.TakeProfitPct > 0)
                {
                    min = Math.Min(min, Math.Abs(_bars.High[k] - target) / target);
                    min = Math.Min(min, Math.Abs(_bars.Open[k] - target) / target);
                }
            }
            // Flat between trades, cash moves only by each trade's pnl.
            cash += t.Pnl;
        }
        return min;
    }

    // The sizing floor: shares = floor(x); an unrounded count x within 1e-3 (relative) of a whole number
    // may round the other way when prices carry f32 rounding.
    private double SizingMargin(Trade t, double cashAtDecision)
    {
        double x = (cashAtDecision * _p.Execution.PositionSize - _p.Execution.FeeFixed) / (t.EntryPrice * (1 + _p.Execution.FeeBps / 10_000));
        return Math.Abs(x - Math.Round(x)) / Math.Max(1, x);
    }
}
