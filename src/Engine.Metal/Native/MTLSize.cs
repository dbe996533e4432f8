using System.Runtime.InteropServices;

namespace Backtest.Metal.Native;

/// <summary>Metal's MTLSize: three NSUInteger, passed by value (on arm64 through plain objc_msgSend).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct MTLSize(nuint Width, nuint Height, nuint Depth)
{
    public static MTLSize Linear(long width) => new((nuint)width, 1, 1);
}
