using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Lanes;
using Xunit;

namespace Backtest.Tests.Lanes;

/// <summary>
/// Every lane operation of every width against the plain scalar operation, lane by lane, in f32 and f64,
/// with masks built from comparisons (the only way the kernel builds them).
/// </summary>
public class LaneOperationTests
{
    private static readonly double[] Values = [-3.5, -1, -0.0, 0, 1e-12, 0.25, 1, 2.5, 100.125, 1e9, 7, -7, 42, 0.5, 3, -2];

    private static T[] Input<T>(int offset)
        where T : IBinaryFloatingPointIeee754<T> =>
        [.. Enumerable.Range(0, 64).Select(i => T.CreateTruncating(Values[(i * 7 + offset) % Values.Length]))];

    private static void Check<TL, TV, T>()
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] a = Input<T>(0), b = Input<T>(3), c = Input<T>(5);
        TV va = TL.Load(ref a[0]), vb = TL.Load(ref b[0]), vc = TL.Load(ref c[0]);
        var results = new (string Name, TV Vector, Func<int, T> Expected)[]
        {
            ("add", TL.Add(va, vb), i => a[i] + b[i]),
            ("subtract", TL.Subtract(va, vb), i => a[i] - b[i]),
            ("multiply", TL.Multiply(va, vb), i => a[i] * b[i]),
            ("divide", TL.Divide(va, vb), i => a[i] / b[i]),
            ("multiply-add", TL.MultiplyAdd(va, vb, vc), i => T.FusedMultiplyAdd(a[i], b[i], c[i])),
            ("min", TL.Min(va, vb), i => a[i] < b[i] ? a[i] : b[i]),
            ("max", TL.Max(va, vb), i => a[i] > b[i] ? a[i] : b[i]),
            ("sqrt", TL.Sqrt(TL.Max(va, TL.Splat(T.Zero))), i => T.Sqrt(a[i] > T.Zero ? a[i] : T.Zero)),
            ("splat", TL.Splat(T.CreateTruncating(2.5)), _ => T.CreateTruncating(2.5)),
            ("select >", TL.Select(TL.GreaterThan(va, vb), va, vc), i => a[i] > b[i] ? a[i] : c[i]),
            ("select >=", TL.Select(TL.GreaterThanOrEqual(va, vb), va, vc), i => a[i] >= b[i] ? a[i] : c[i]),
            ("select ==", TL.Select(TL.Equal(va, vb), va, vc), i => a[i] == b[i] ? a[i] : c[i]),
            ("select and", TL.Select(TL.And(TL.GreaterThan(va, vc), TL.GreaterThan(vb, vc)), va, vb), i => a[i] > c[i] && b[i] > c[i] ? a[i] : b[i]),
            ("select or", TL.Select(TL.Or(TL.GreaterThan(va, vc), TL.GreaterThan(vb, vc)), va, vb), i => a[i] > c[i] || b[i] > c[i] ? a[i] : b[i]),
            ("select and-not", TL.Select(TL.AndNot(TL.GreaterThan(va, vc), TL.GreaterThan(vb, vc)), va, vb), i => a[i] > c[i] && !(b[i] > c[i]) ? a[i] : b[i]),
            ("and-not value", TL.AndNot(va, TL.GreaterThan(va, vb)), i => a[i] > b[i] ? T.Zero : a[i]),
        };
        var lanes = new T[TL.Count];
        foreach (var (name, vector, expected) in results)
        {
            TL.Store(vector, ref lanes[0]);
            for (int i = 0; i < TL.Count; i++)
            {
                T e = expected(i);
                Assert.True(lanes[i].Equals(e) || (T.IsNaN(lanes[i]) && T.IsNaN(e)), $"{typeof(TV).Name} {name} lane {i}: expected {e}, got {lanes[i]}");
            }
        }

        // Any and Bits follow the mask lane by lane.
        var mask = TL.GreaterThan(va, vb);
        ulong bits = TL.Bits(mask);
        for (int i = 0; i < TL.Count; i++) Assert.Equal(a[i] > b[i], ((bits >> i) & 1) == 1);
        Assert.Equal(bits != 0, TL.Any(mask));
        Assert.False(TL.Any(TL.GreaterThan(va, va)));
        Assert.True(TL.Any(TL.Equal(va, va)));

        // A mask stored as bytes (0 or −1) and loaded back selects as the compare did; neighbouring bytes stay untouched.
        var bytes = new sbyte[TL.Count + 16];
        Array.Fill(bytes, (sbyte)5);
        TL.StoreMask(mask, ref bytes[0]);
        for (int i = 0; i < TL.Count; i++) Assert.Equal(a[i] > b[i] ? -1 : 0, bytes[i]);
        Assert.All(bytes[TL.Count..], x => Assert.Equal(5, x));
        TL.Store(TL.Select(TL.LoadMask(ref bytes[0]), va, vc), ref lanes[0]);
        for (int i = 0; i < TL.Count; i++) Assert.Equal(a[i] > b[i] ? a[i] : c[i], lanes[i]);
        Assert.Equal(bits, TL.Bits(TL.LoadMask(ref bytes[0])));
    }

    private static void Skip(bool accelerated, string width)
    {
        if (!accelerated) Assert.Skip($"{width} vectors are not accelerated here");
    }

    [Fact]
    public void Scalar_lane() { Check<ScalarLane<float>, float, float>(); Check<ScalarLane<double>, double, double>(); }

    [Fact]
    public void Vector128_lanes()
    {
        Skip(Vector128.IsHardwareAccelerated, "128-bit");
        Check<Lanes128<float>, Vector128<float>, float>();
        Check<Lanes128<double>, Vector128<double>, double>();
    }

    [Fact]
    public void Vector256_lanes()
    {
        Skip(Vector256.IsHardwareAccelerated, "256-bit");
        Check<Lanes256<float>, Vector256<float>, float>();
        Check<Lanes256<double>, Vector256<double>, double>();
    }

    [Fact]
    public void Vector512_lanes()
    {
        Skip(Vector512.IsHardwareAccelerated, "512-bit");
        Check<Lanes512<float>, Vector512<float>, float>();
        Check<Lanes512<double>, Vector512<double>, double>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(257)]
    public void A_chunk_plan_covers_every_lane_once_widest_first(int lanes)
    {
        foreach (int bytes in new[] { 4, 8 })
        {
            var plan = Backtest.Fused.Chunk.Plan(lanes, VectorWidths.Best, bytes);
            var covered = plan.SelectMany(c => Enumerable.Range(c.FirstLane, c.Width.Lanes(bytes))).ToList();
            Assert.Equal(Enumerable.Range(0, lanes), covered);
            Assert.Equal(plan.Select(c => c.Width).OrderByDescending(w => w), plan.Select(c => c.Width));
        }
    }
}
