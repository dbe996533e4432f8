using System.Runtime.InteropServices;

namespace Backtest.Metal.Native;

/// <summary>Metal's MTLSize: three NSUInteger, passed by value (on arm64 through plain objc_msgSend).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct MTLSize(nuint width, nuint height, nuint depth)
{
    public readonly nuint Width = width;
    public readonly nuint Height = height;
    public readonly nuint Depth = depth;

    public static MTLSize Linear(long width) => new((nuint)width, 1, 1);
}
