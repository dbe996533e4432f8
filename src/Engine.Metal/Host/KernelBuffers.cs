using Backtest.Panel;

namespace Backtest.Metal.Host;

/// <summary>
/// The memory one run binds, in the kernel's buffer order (index 0 is the argument block, set by value).
/// Every block is page-aligned and a whole number of pages (<see cref="NativeBlock"/>), so a Metal backend
/// can wrap each without a copy; the panel's four price blocks are the panel's own memory.
/// </summary>
public sealed class KernelBuffers
{
    public const int ParametersIndex = 1;
    public const int OpenIndex = 2;
    public const int HighIndex = 3;
    public const int LowIndex = 4;
    public const int CloseIndex = 5;
    public const int StatesIndex = 6;
    public const int TradesIndex = 7;
    public const int ThreadMapIndex = 8;
    public const int LanesIndex = 9;

    public required NativeBlock Parameters { get; init; }
    public required NativeBlock Open { get; init; }
    public required NativeBlock High { get; init; }
    public required NativeBlock Low { get; init; }
    public required NativeBlock Close { get; init; }

    /// <summary>Read and written by the kernel: thread state between chunks, and the results.</summary>
    public required NativeBlock States { get; init; }

    /// <summary>Written by the kernel.</summary>
    public required NativeBlock Trades { get; init; }

    public required NativeBlock ThreadMap { get; init; }

    /// <summary>Per symbol: price scale and tolerances (<see cref="LaneInfo"/>).</summary>
    public required NativeBlock Lanes { get; init; }

    /// <summary>(binding index, block, whether the kernel writes it), in binding order.</summary>
    public IEnumerable<(int Index, NativeBlock Block, bool Written)> Bindings =>
    [
        (ParametersIndex, Parameters, false),
        (OpenIndex, Open, false),
        (HighIndex, High, false),
        (LowIndex, Low, false),
        (CloseIndex, Close, false),
        (StatesIndex, States, true),
        (TradesIndex, Trades, true),
        (ThreadMapIndex, ThreadMap, false),
        (LanesIndex, Lanes, false),
    ];
}
