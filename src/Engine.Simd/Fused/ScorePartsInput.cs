namespace Backtest.Fused;

/// <summary>
/// The score's four comparisons for one chunk, bar by bar, as byte masks recorded by an earlier pass
/// (<see cref="ScorePartsRecorder{TL, TV, T}"/>): each a row of one byte per lane (0 or −1) per bar, rows
/// the panel's stride apart like its prices. Three-valued parts (RSI, bands) are two masks: the lanes that
/// score +w and those that score −w.
/// </summary>
internal readonly unsafe struct ScorePartsInput
{
    public required sbyte* TrendUp { get; init; }
    public required sbyte* RsiUp { get; init; }
    public required sbyte* RsiDown { get; init; }
    public required sbyte* BandsUp { get; init; }
    public required sbyte* BandsDown { get; init; }
    public required sbyte* MacdUp { get; init; }

    /// <summary>The same parts <paramref name="lanes"/> lanes on (a chunk's first lane); absent parts stay absent.</summary>
    public ScorePartsInput Offset(nint lanes)
    {
        static sbyte* Move(sbyte* p, nint by) => p == null ? null : p + by;
        return new ScorePartsInput
        {
            TrendUp = Move(TrendUp, lanes),
            RsiUp = Move(RsiUp, lanes),
            RsiDown = Move(RsiDown, lanes),
            BandsUp = Move(BandsUp, lanes),
            BandsDown = Move(BandsDown, lanes),
            MacdUp = Move(MacdUp, lanes),
        };
    }
}
