using System.Runtime.InteropServices;
using Backtest.Metal.Native;

namespace Backtest.Metal.Tests.Native;

/// <summary>
/// A scripted stand-in for libobjc and Metal: records every message (receiver, selector, arguments) and
/// answers from small tables, so that the binding's call sequences (pools, nil checks, releases, optional
/// selectors) are checked on Linux. Handles are plain numbers; strings are real UTF-8 in native memory.
/// </summary>
internal sealed unsafe class FakeObjCRuntime : IObjCRuntime, IDisposable
{
    private readonly Dictionary<nint, string> _selectorNames = [];
    private readonly Dictionary<string, nint> _selectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, nint> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<nint, string> _strings = [];
    private readonly List<nint> _native = [];
    private nint _next = 0x1000;

    public List<string> Calls { get; } = [];

    public int PoolDepth { get; private set; }

    public int PoolsPushed { get; private set; }

    public nint DefaultDevice { get; set; }

    public nint[] AllDevices { get; set; } = [];

    /// <summary>Selectors respondsToSelector: says yes to (the class of the receiver is not modelled).</summary>
    public HashSet<string> Optional { get; } = new(StringComparer.Ordinal) { "setMathMode:", "setMathFloatingPointFunctions:", "setFastMathEnabled:", "name" };

    /// <summary>When set, newLibraryWithSource fails with this NSError description.</summary>
    public string? CompileError { get; set; }

    public nuint CommandBufferStatus { get; set; } = MetalConstants.CommandBufferStatusCompleted;

    public HashSet<string> MissingFunctions { get; } = new(StringComparer.Ordinal);

    public bool RefuseNoCopy { get; set; }

    public List<nint> Released { get; } = [];

    public nint New() => _next += 0x10;

    public void LoadFrameworks() => Calls.Add("LoadFrameworks");

    public nint GetClass(string name)
    {
        if (!_classes.TryGetValue(name, out var c)) _classes[name] = c = New();
        return c;
    }

    public nint Selector(string name)
    {
        if (!_selectors.TryGetValue(name, out var s))
        {
            _selectors[name] = s = New();
            _selectorNames[s] = name;
        }
        return s;
    }

    public string Name(nint selector) => _selectorNames[selector];

    public nint AutoreleasePoolPush()
    {
        PoolDepth++;
        PoolsPushed++;
        Calls.Add("push");
        return 0x77;
    }

    public void AutoreleasePoolPop(nint pool)
    {
        PoolDepth--;
        Calls.Add("pop");
    }

    public nint CreateSystemDefaultDevice()
    {
        Calls.Add("MTLCreateSystemDefaultDevice");
        return DefaultDevice;
    }

    public nint CopyAllDevices()
    {
        Calls.Add("MTLCopyAllDevices");
        return AllDevices.Length == 0 ? 0 : New();
    }

    private nint Text(string text)
    {
        nint ns = New();
        _strings[ns] = text;
        return ns;
    }

    private void Log(nint selector, string detail = "") => Calls.Add(Name(selector) + detail);

    public nint Send(nint receiver, nint selector)
    {
        Log(selector);
        switch (Name(selector))
        {
            case "UTF8String":
                nint utf8 = Marshal.StringToCoTaskMemUTF8(_strings[receiver]);
                _native.Add(utf8);
                return utf8;
            case "localizedDescription": return Text(CompileError ?? "the command buffer failed");
            case "name": return Text("Fake GPU");
            case "retain": return receiver;
            case "error": return New();
            case "contents": return 0x5000;
            default: return New();
        }
    }

    public nuint SendUInt(nint receiver, nint selector)
    {
        Log(selector);
        return Name(selector) switch
        {
            "count" => (nuint)AllDevices.Length,
            "threadExecutionWidth" => 32,
            "maxTotalThreadsPerThreadgroup" => 1024,
            "status" => CommandBufferStatus,
            _ => 0,
        };
    }

    public nint SendInt(nint receiver, nint selector)
    {
        Log(selector);
        return Name(selector) == "code" ? 3 : 0;
    }

    public void SendVoid(nint receiver, nint selector)
    {
        Log(selector);
        if (Name(selector) == "release") Released.Add(receiver);
    }

    public byte SendBool(nint receiver, nint selector, nint argument)
    {
        Log(selector, " " + Name(argument));
        return Optional.Contains(Name(argument)) ? MetalConstants.Yes : MetalConstants.No;
    }

    public nint Send(nint receiver, nint selector, nint argument)
    {
        Log(selector);
        if (Name(selector) == "stringWithUTF8String:") return Text(Marshal.PtrToStringUTF8(argument)!);
        if (Name(selector) == "newFunctionWithName:") return MissingFunctions.Contains(_strings[argument]) ? 0 : New();
        return New();
    }

    public nint SendWithUInt(nint receiver, nint selector, nuint argument)
    {
        Log(selector, $" {argument}");
        return AllDevices[(int)argument];
    }

    public void SendVoid(nint receiver, nint selector, nint argument) => Log(selector);

    public void SendVoidBool(nint receiver, nint selector, byte argument) => Log(selector, $" {argument}");

    public void SendVoidInt(nint receiver, nint selector, nint argument) => Log(selector, $" {argument}");

    public nint Send(nint receiver, nint selector, nint first, nint second, nint* error)
    {
        Log(selector);
        if (CompileError is null) return New();
        *error = New();
        return 0;
    }

    public nint Send(nint receiver, nint selector, nint argument, nint* error)
    {
        Log(selector);
        return New();
    }

    public nint Send(nint receiver, nint selector, nuint length, nuint options)
    {
        Log(selector, $" {length} {options}");
        return New();
    }

    public nint Send(nint receiver, nint selector, void* bytes, nuint length, nuint options, nint deallocator)
    {
        Log(selector, $" {length} {options} {deallocator}");
        return RefuseNoCopy ? 0 : New();
    }

    public void SendVoid(nint receiver, nint selector, nint buffer, nuint offset, nuint index) => Log(selector, $" {offset} {index}");

    public void SendVoid(nint receiver, nint selector, void* bytes, nuint length, nuint index) => Log(selector, $" {length} {index}");

    public void SendVoid(nint receiver, nint selector, MTLSize first, MTLSize second) =>
        Log(selector, $" {first.Width}x{first.Height}x{first.Depth} {second.Width}x{second.Height}x{second.Depth}");

    public void Dispose()
    {
        foreach (var p in _native) Marshal.FreeCoTaskMem(p);
    }
}
