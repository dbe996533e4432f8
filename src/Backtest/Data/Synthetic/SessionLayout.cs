namespace Backtest.Data.Synthetic;

/// <summary>What every symbol of one universe shares: its timestamps and the intraday shapes. Built once per run.</summary>
internal sealed class SessionLayout
{
    public SessionLayout(SyntheticUniverseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Times = SyntheticCalendar.Timestamps(options);
        VolatilityShape = IntradayShape.Volatility(SyntheticUniverseOptions.BarsPerDay);
        VolumeShape = IntradayShape.Volume(SyntheticUniverseOptions.BarsPerDay);
    }

    public long[] Times { get; }
    public double[] VolatilityShape { get; }
    public double[] VolumeShape { get; }
}
