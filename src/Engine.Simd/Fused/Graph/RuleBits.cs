using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Backtest.Fused.Graph;

/// <summary>
/// A stretch's rule masks as bits, the form the node walk leaves them in for the event pass: per rule and per plane of 8
/// lanes (one plane up to 8 lanes, two for 16: f32 at 512 bits), each bar's lanes as one byte, bar after bar. A lane's
/// word, bit j for bar j of the stretch, comes back by parallel bit extraction (BMI2 <c>pext</c>, eight a word), so the
/// event pass finds a lane's next decision with one bit scan instead of visiting its bars.
/// </summary>
internal static unsafe class RuleBits
{
    /// <summary>Bars in a stretch: one 64-bit word per lane and rule.</summary>
    public const int Bars = 64;

    /// <summary>The four rules' bit rows: buy, sell, short, cover.</summary>
    public const int Rules = 4;

    /// <summary>Planes of 8 lanes: a bar's byte in each.</summary>
    public static int Planes(int lanes) => (lanes + 7) / 8;

    /// <summary>Bytes of the four rules' rows of a stretch.</summary>
    public static int Size(int lanes) => Rules * Bars * Planes(lanes);

    /// <summary>Where bar <paramref name="bar"/> of the stretch (0-based) of rule <paramref name="rule"/> is stored (its first plane; the second is <see cref="Bars"/> bytes on).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* At(byte* rows, int rule, int bar, int lanes) => rows + rule * Bars * Planes(lanes) + bar;

    /// <summary>Stores one bar's lanes (bit i for lane i), as <see cref="Lanes.ISimdLanes{TV, T}.Bits"/> gives them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* at, ulong laneBits, int lanes)
    {
        *at = (byte)laneBits;
        if (lanes > 8) at[Bars] = (byte)(laneBits >> 8);
    }

    /// <summary>Lane <paramref name="lane"/>'s word of rule <paramref name="rule"/>: bit j holds where the rule holds at bar j of the stretch.</summary>
    public static ulong Word(byte* rows, int rule, int lane, int lanes)
    {
        // Eight bars of the lane's plane a chunk.
        ulong* chunks = (ulong*)(At(rows, rule, 0, lanes) + (lane >> 3) * Bars);
        ulong mask = 0x0101_0101_0101_0101UL << (lane & 7);
        ulong word = 0;
        for (int c = 0; c < Bars / 8; c++) word |= Extract(chunks[c], mask) << (8 * c);
        return word;
    }

    /// <summary>The lanes (bit i for lane i) where rule <paramref name="rule"/> holds at some bar of the stretch: the others' words are 0 without extraction.</summary>
    public static ulong AnyLanes(byte* rows, int rule, int lanes)
    {
        ulong any = 0;
        for (int plane = 0; plane < Planes(lanes); plane++)
        {
            ulong* chunks = (ulong*)(At(rows, rule, 0, lanes) + plane * Bars);
            ulong bits = 0;
            for (int c = 0; c < Bars / 8; c++) bits |= chunks[c];
            bits |= bits >> 32;
            bits |= bits >> 16;
            bits |= bits >> 8;
            any |= (bits & 0xFF) << (8 * plane);
        }
        return any;
    }

    /// <summary>Whether rule <paramref name="rule"/> holds for lane <paramref name="lane"/> at bar <paramref name="bar"/> of the stretch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Holds(byte* rows, int rule, int bar, int lane, int lanes) =>
        ((At(rows, rule, bar, lanes)[(lane >> 3) * Bars] >> (lane & 7)) & 1) != 0;

    /// <summary>The bits of <paramref name="value"/> under <paramref name="mask"/>, packed from bit 0 (pext).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Extract(ulong value, ulong mask) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.ParallelBitExtract(value, mask) : ExtractWithoutBmi2(value, mask);

    /// <summary><see cref="Extract"/> bit by bit, where BMI2 is missing (or hardware intrinsics are off).</summary>
    internal static ulong ExtractWithoutBmi2(ulong value, ulong mask)
    {
        ulong result = 0;
        for (ulong bit = 1; mask != 0; bit <<= 1, mask &= mask - 1)
            if ((value & mask & (0 - mask)) != 0) result |= bit;
        return result;
    }

    /// <summary>Bits <paramref name="low"/>..<paramref name="high"/> set (none when low &gt; high); both may lie outside 0..63.</summary>
    public static ulong Range(int low, int high)
    {
        low = Math.Max(low, 0);
        high = Math.Min(high, Bars - 1);
        return low > high ? 0 : (~0UL << low) & (~0UL >> (Bars - 1 - high));
    }
}
