using System.Runtime.Intrinsics;

namespace Backtest.Lanes;

/// <summary>The widest vector the SIMD engine uses; narrower widths and a scalar lane cover the tail.</summary>
public enum VectorWidth
{
    /// <summary>One lane at a time: no vector hardware (or DOTNET_EnableHWIntrinsic=0).</summary>
    Scalar = 0,
    Bits128 = 128,
    Bits256 = 256,
    Bits512 = 512,
}

public static class VectorWidths
{
    /// <summary>The widest width this machine accelerates (what the engine uses unless told otherwise).</summary>
    public static VectorWidth Best
    {
        get
        {
            if (Vector512.IsHardwareAccelerated) return VectorWidth.Bits512;
            if (Vector256.IsHardwareAccelerated) return VectorWidth.Bits256;
            if (Vector128.IsHardwareAccelerated) return VectorWidth.Bits128;
            return VectorWidth.Scalar;
        }
    }

    /// <summary>Whether the hardware runs this width natively (scalar always).</summary>
    public static bool IsAccelerated(this VectorWidth width) => width switch
    {
        VectorWidth.Scalar => true,
        VectorWidth.Bits128 => Vector128.IsHardwareAccelerated,
        VectorWidth.Bits256 => Vector256.IsHardwareAccelerated,
        VectorWidth.Bits512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>Every width this machine accelerates, widest first, ending with scalar.</summary>
    public static IReadOnlyList<VectorWidth> Accelerated { get; } =
        [.. new[] { VectorWidth.Bits512, VectorWidth.Bits256, VectorWidth.Bits128, VectorWidth.Scalar }.Where(w => w.IsAccelerated())];

    /// <summary>Lanes of one vector of this width for elements of <paramref name="elementBytes"/> bytes.</summary>
    public static int Lanes(this VectorWidth width, int elementBytes) =>
        width == VectorWidth.Scalar ? 1 : (int)width / 8 / elementBytes;

    /// <summary>"avx-512"-neutral names for reports: 512-bit, 256-bit, 128-bit, scalar.</summary>
    public static string Name(this VectorWidth width) => width == VectorWidth.Scalar ? "scalar" : $"{(int)width}-bit";
}
