using System.Numerics;

namespace Backtest.Lanes;

/// <summary>
/// The operations the fused backtest kernel needs on one vector of lanes, one lane per symbol. Implemented
/// for Vector512/256/128 and for a single scalar lane, so one generic kernel serves every width and the
/// scalar tail. Masks are vectors whose lanes are all bits set (true) or zero (false), as the hardware
/// compares produce them. Every member is a static abstract that the JIT inlines per instantiation.
/// </summary>
/// <typeparam name="TV">The vector type (<c>Vector512&lt;T&gt;</c>, ..., or <typeparamref name="T"/> itself).</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public interface ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Lanes in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> consecutive values; no alignment is assumed.</summary>
    static abstract TV Load(ref T source);

    static abstract void Store(TV value, ref T destination);

    static abstract TV Splat(T value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    /// <summary>a·b + c with one rounding.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    static abstract TV Min(TV a, TV b);

    static abstract TV Max(TV a, TV b);

    /// <summary>max(|a|, |b|) per lane (one vrangepd where AVX-512DQ has it); unspecified where either is NaN.</summary>
    static abstract TV MaxMagnitude(TV a, TV b);

    /// <summary>min(|a|, |b|) per lane (one vrangepd where AVX-512DQ has it); unspecified where either is NaN.</summary>
    static abstract TV MinMagnitude(TV a, TV b);

    static abstract TV GreaterThan(TV a, TV b);

    static abstract TV GreaterThanOrEqual(TV a, TV b);

    static abstract TV Equal(TV a, TV b);

    static abstract TV And(TV a, TV b);

    static abstract TV Or(TV a, TV b);

    /// <summary>a &amp; ~b.</summary>
    static abstract TV AndNot(TV a, TV b);

    static abstract TV Sqrt(TV a);

    /// <summary>Per lane: <paramref name="mask"/> ? <paramref name="whenTrue"/> : <paramref name="whenFalse"/>.</summary>
    static abstract TV Select(TV mask, TV whenTrue, TV whenFalse);

    /// <summary>Per lane: a &gt; b ? <paramref name="whenTrue"/> : <paramref name="whenFalse"/>, the compare's mask register feeding the blend (one compare, one blend).</summary>
    static abstract TV SelectWhereGreater(TV a, TV b, TV whenTrue, TV whenFalse);

    /// <summary>Whether any lane of the mask is set.</summary>
    static abstract bool Any(TV mask);

    /// <summary>Whether a &gt; b in any lane: the compare's mask register tested directly, with no vector mask between.</summary>
    static abstract bool AnyGreaterThan(TV a, TV b);

    /// <summary>One bit per lane of the mask, lane 0 in bit 0.</summary>
    static abstract ulong Bits(TV mask);

    /// <summary>
    /// A mask from <see cref="Count"/> bytes, each 0 (false) or −1 (true): a byte sign-extends to a lane's
    /// width as all bits clear or set. May read up to 16 bytes, so byte masks are stored with that padding. The vector
    /// forms sign-extend any byte (1 gives the smallest subnormal, <c>T.Epsilon</c>: a recorded bool's na uses it);
    /// the scalar lane reads any byte other than 0 as true (s3's score parts rely on that).
    /// </summary>
    static abstract TV LoadMask(ref sbyte source);

    /// <summary>The mask as <see cref="Count"/> bytes, 0 or −1, the form <see cref="LoadMask"/> reads.</summary>
    static abstract void StoreMask(TV mask, ref sbyte destination);

    /// <summary>Each lane's lowest byte, <see cref="Count"/> bytes: what <see cref="LoadMask"/> of the vector forms reads back sign-extended.</summary>
    static abstract void StoreLowBytes(TV value, ref sbyte destination);
}
