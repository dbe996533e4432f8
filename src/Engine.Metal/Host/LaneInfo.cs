using System.Runtime.InteropServices;
using Backtest.Engines;
using Backtest.Panel;

namespace Backtest.Metal.Host;

/// <summary>
/// What the shader needs per symbol (its <c>LaneInfo</c>): the factor of the lane's stored prices and the
/// two tolerances that depend on whether f32 holds its prices exactly (<see cref="BarPanel.ExactPrices"/>),
/// as the SIMD engine's f32 walk takes them (<see cref="KernelRules"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct LaneInfo
{
    public float PriceScale;
    public float TieEpsilon;
    public float ProtectiveEpsilon;
    public float Reserved;

    /// <summary>One entry per lane of <paramref name="panel"/>, in a page-aligned block to bind at index 9.</summary>
    public static unsafe NativeBlock For(BarPanel<float> panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var block = NativeBlock.Allocate((long)Math.Max(1, panel.Symbols) * sizeof(LaneInfo));
        var lanes = new Span<LaneInfo>(block.Pointer, panel.Symbols);
        for (int s = 0; s < panel.Symbols; s++)
        {
            bool exact = panel.ExactPrices[s];
            lanes[s] = new LaneInfo
            {
                PriceScale = (float)panel.PriceScales[s],
                TieEpsilon = (float)KernelRules.PriceTieEpsilon(exact),
                ProtectiveEpsilon = (float)KernelRules.ProtectiveEpsilon(exact),
            };
        }
        return block;
    }
}
