namespace Backtest.Fused;

/// <summary>
/// Receives, bar by bar, the indicator values the fused kernel scores with. The engine runs the kernel
/// with <see cref="NoIndicatorProbe{TV}"/>, whose empty method the JIT removes; tests run it with a
/// recording probe to check the kernel's own f32 and f64 indicators against the reference.
/// </summary>
internal interface IIndicatorProbe<TV>
    where TV : struct
{
    /// <summary>
    /// Bar <paramref name="k"/>'s values in price units, except RSI's averages (as Wilder's AG and AL):
    /// the SMAs, the band middle and half width (k·sd), MACD and its signal.
    /// </summary>
    void Record(int k, TV close, TV smaFast, TV smaSlow, TV bandMiddle, TV bandHalfWidth, TV avgGain, TV avgLoss, TV macd, TV signal);
}

/// <summary>The probe of a normal run: records nothing.</summary>
internal struct NoIndicatorProbe<TV> : IIndicatorProbe<TV>
    where TV : struct
{
    public readonly void Record(int k, TV close, TV smaFast, TV smaSlow, TV bandMiddle, TV bandHalfWidth, TV avgGain, TV avgLoss, TV macd, TV signal)
    {
    }
}
