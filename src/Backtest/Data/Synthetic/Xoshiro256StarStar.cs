namespace Backtest.Data.Synthetic;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through splitmix64. Written here rather than using
/// <see cref="Random"/> because the algorithm behind System.Random is not guaranteed to stay the same
/// between .NET versions, and the synthetic bars must. Integer operations only, so the stream of
/// 64-bit outputs is identical on every machine.
/// </summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    // Box–Muller yields normals in pairs; the second is kept for the next call.
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>
    /// A generator for stream <paramref name="stream"/> of <paramref name="seed"/>: each (seed, stream) pair
    /// gets its own state, so symbol i's draws never depend on how many other symbols exist.
    /// </summary>
    public Xoshiro256StarStar(ulong seed, ulong stream)
    {
        ulong sm = SplitMix64Mix(seed) ^ SplitMix64Mix(stream + 0x9E3779B97F4A7C15UL);
        _s0 = SplitMix64Next(ref sm);
        _s1 = SplitMix64Next(ref sm);
        _s2 = SplitMix64Next(ref sm);
        _s3 = SplitMix64Next(ref sm);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
            _s0 = 1; // the all-zero state is the one xoshiro cannot leave
        _spareNormal = 0;
        _hasSpare = false;
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits: the conversion is exact, hence portable.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1], safe to take the logarithm of.</summary>
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>
    /// Standard normal by Box–Muller. Only Math.Log, Math.Sqrt, Math.Cos and Math.Sin touch the bits:
    /// Sqrt is correctly rounded by IEEE 754; Log, Cos and Sin come from the platform's math library and
    /// may differ in the last ulp between platforms (not between runs or thread counts on one machine).
    /// </summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double radius = Math.Sqrt(-2.0 * Math.Log(NextDoubleNonZero()));
        double angle = 2.0 * Math.PI * NextDouble();
        _spareNormal = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Exponential with mean 1.</summary>
    public double NextExponential() => -Math.Log(NextDoubleNonZero());

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return SplitMix64Mix(state);
    }

    private static ulong SplitMix64Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
