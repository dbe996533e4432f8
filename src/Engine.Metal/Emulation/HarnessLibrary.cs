using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Backtest.Metal.Host;

namespace Backtest.Metal.Emulation;

/// <summary>
/// The kernel's C++ build, loaded: <c>bt_run_chunk</c> runs a slice of one dispatch's grid, and the layout
/// exports report the shared structs as the C++ compiler laid them out. Loading checks their sizes against
/// the C# mirrors, so a struct changed on one side only fails at once and says which.
/// </summary>
public sealed unsafe class HarnessLibrary
{
    private static readonly ConcurrentDictionary<string, Lazy<HarnessLibrary>> Loaded = new(StringComparer.Ordinal);

    private readonly delegate* unmanaged<ChunkArgs*, KernelParams*, float*, float*, float*, float*, KernelThreadState*, TradeRecord*, uint*, LaneInfo*, uint, uint, void> _runChunk;
    private readonly delegate* unmanaged<uint*, void> _structSizes;
    private readonly delegate* unmanaged<int> _fieldCount;
    private readonly delegate* unmanaged<int, byte**, byte**, int*, int*, int> _field;

    private HarnessLibrary(nint handle)
    {
        _runChunk = (delegate* unmanaged<ChunkArgs*, KernelParams*, float*, float*, float*, float*, KernelThreadState*, TradeRecord*, uint*, LaneInfo*, uint, uint, void>)
            NativeLibrary.GetExport(handle, "bt_run_chunk");
        _structSizes = (delegate* unmanaged<uint*, void>)NativeLibrary.GetExport(handle, "bt_struct_sizes");
        _fieldCount = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "bt_field_count");
        _field = (delegate* unmanaged<int, byte**, byte**, int*, int*, int>)NativeLibrary.GetExport(handle, "bt_field");
    }

    /// <summary>The library at <paramref name="path"/>, loaded once per process (it is never unloaded).</summary>
    public static HarnessLibrary Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Loaded.GetOrAdd(Path.GetFullPath(path), p => new Lazy<HarnessLibrary>(() =>
        {
            var library = new HarnessLibrary(NativeLibrary.Load(p));
            library.CheckStructSizes();
            return library;
        })).Value;
    }

    /// <summary>sizeof of ChunkArgs, KernelParams, KernelThreadState, TradeRecord and LaneInfo, from the kernel's own struct_sizes.</summary>
    public uint[] StructSizes()
    {
        var sizes = new uint[SharedStructSizes.Host.Length];
        fixed (uint* p = sizes) _structSizes(p);
        return sizes;
    }

    /// <summary>Every field of the shared structs: (struct, field, offset, size) as the C++ compiler laid them out.</summary>
    public IReadOnlyList<(string Type, string Field, int Offset, int Size)> Fields()
    {
        int count = _fieldCount();
        var fields = new List<(string, string, int, int)>(count);
        for (int i = 0; i < count; i++)
        {
            byte* type, field;
            int offset, size;
            if (_field(i, &type, &field, &offset, &size) == 0) break;
            fields.Add((Marshal.PtrToStringUTF8((nint)type)!, Marshal.PtrToStringUTF8((nint)field)!, offset, size));
        }
        return fields;
    }

    /// <summary>Runs grid ids [<paramref name="gridBegin"/>, <paramref name="gridEnd"/>) of one dispatch.</summary>
    public void RunChunk(
        ChunkArgs* args, KernelParams* parameterSets, float* open, float* high, float* low, float* close,
        KernelThreadState* states, TradeRecord* trades, uint* threadMap, LaneInfo* lanes, uint gridBegin, uint gridEnd) =>
        _runChunk(args, parameterSets, open, high, low, close, states, trades, threadMap, lanes, gridBegin, gridEnd);

    private void CheckStructSizes()
    {
        if (SharedStructSizes.FirstMismatch(StructSizes()) is var (name, kernel, host))
            throw new InvalidOperationException(
                $"The kernel's {name} is {kernel} bytes but the host's is {host}: shaders/backtest.metal and src/Engine.Metal/Host/{name}.cs disagree.");
    }
}
