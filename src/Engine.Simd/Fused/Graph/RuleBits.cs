using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Backtest.Fused.Graph;

/// <summary>
/// A stretch's rule masks as bits, the form the node walk leaves them in for the event pass: per rule, each bar's
/// lanes as one byte (up to 8 lanes) or two (16 lanes, f32 at 512 bits), bar after bar. A lane's word, bit j for bar
/// j of the stretch, comes back by parallel bit extraction (BMI2 <c>pext</c>: 8 or 16 instructions a word), so the
/// event pass finds a lane's next decision with one bit scan instead of visiting its bars.
/// </summary>
internal static unsafe class RuleBits
{
    /// <summary>Bars in a stretch: one 64-bit word per lane and rule.</summary>
    public const int Bars = 64;

    /// <summary>The four rules' bit rows: buy, sell, short, cover.</summary>
    public const int Rules = 4;

    public static int BytesPerBar(int lanes) => lanes > 8 ? 2 : 1;

    /// <summary>Bytes of the four rules' rows of a stretch.</summary>
    public static int Size(int lanes) => Rules * Bars * BytesPerBar(lanes);

    /// <summary>Where bar <paramref name="bar"/> of the stretch (0-based) of rule <paramref name="rule"/> is stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* At(byte* rows, int rule, int bar, int lanes) => rows + (rule * Bars + bar) * BytesPerBar(lanes);

    /// <summary>Stores one bar's lanes (bit i for lane i), as <see cref="Lanes.ISimdLanes{TV, T}.Bits"/> gives them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* at, ulong laneBits, int lanes)
    {
        if (lanes > 8) *(ushort*)at = (ushort)laneBits;
        else *at = (byte)laneBits;
    }

    /// <summary>Lane <paramref name="lane"/>'s word of rule <paramref name="rule"/>: bit j holds where the rule holds at bar j of the stretch.</summary>
    public static ulong Word(byte* rows, int rule, int lane, int lanes)
    {
        ulong* chunks = (ulong*)At(rows, rule, 0, lanes);
        ulong word = 0;
        if (lanes > 8)
        {
            // Four bars of 16 lanes a chunk.
            ulong mask = 0x0001_0001_0001_0001UL << lane;
            for (int c = 0; c < Bars / 4; c++) word |= Extract(chunks[c], mask) << (4 * c);
        }
        else
        {
            // Eight bars of up to 8 lanes a chunk.
            ulong mask = 0x0101_0101_0101_0101UL << lane;
            for (int c = 0; c < Bars / 8; c++) word |= Extract(chunks[c], mask) << (8 * c);
        }
        return word;
    }

    /// <summary>The lanes (bit i for lane i) where rule <paramref name="rule"/> holds at some bar of the stretch: the others' words are 0 without extraction.</summary>
    public static ulong AnyLanes(byte* rows, int rule, int lanes)
    {
        ulong* chunks = (ulong*)At(rows, rule, 0, lanes);
        int count = Bars * BytesPerBar(lanes) / sizeof(ulong);
        ulong any = 0;
        for (int c = 0; c < count; c++) any |= chunks[c];
        any |= any >> 32;
        any |= any >> 16;
        if (lanes <= 8) any |= any >> 8;
        return any & (lanes > 8 ? 0xFFFFUL : 0xFFUL);
    }

    /// <summary>Whether rule <paramref name="rule"/> holds for lane <paramref name="lane"/> at bar <paramref name="bar"/> of the stretch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Holds(byte* rows, int rule, int bar, int lane, int lanes)
    {
        byte* at = At(rows, rule, bar, lanes);
        return (((lanes > 8 ? *(ushort*)at : *at) >> lane) & 1) != 0;
    }

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
