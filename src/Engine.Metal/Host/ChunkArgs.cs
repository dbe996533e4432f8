using System.Runtime.InteropServices;

namespace Backtest.Metal.Host;

/// <summary>
/// The argument block of one dispatch (one time chunk), as the shader's <c>ChunkArgs</c> (set with
/// setBytes at index 0). Field order and types are the shader's; the layout test checks the offsets.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ChunkArgs
{
    public uint Threads;
    public uint Symbols;
    public uint Stride;
    public uint FirstBar;
    public uint EndBar;
    public uint TradeCapacity;
    public uint Mapped;
    public uint ParameterSets;
}
