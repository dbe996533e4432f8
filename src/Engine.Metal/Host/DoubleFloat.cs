using System.Runtime.InteropServices;

namespace Backtest.Metal.Host;

/// <summary>
/// The shader's double-float: the value <see cref="Hi"/> + <see cref="Lo"/> of two floats, about 48 bits of
/// precision. The kernel keeps money in it because MSL has no double; the host only splits f64 values into
/// it and joins results back.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct DoubleFloat(float Hi, float Lo)
{
    /// <summary>The nearest float and the float nearest to what it leaves over.</summary>
    public static DoubleFloat From(double value)
    {
        float hi = (float)value;
        return new DoubleFloat(hi, (float)(value - hi));
    }

    public double Value => (double)Hi + Lo;

    public static DoubleFloat Zero => default;
}
