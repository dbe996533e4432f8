using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Backtest.Metal.Native;

/// <summary>
/// libobjc and the Metal framework through P/Invoke, for Apple silicon only: there every struct argument
/// goes through plain objc_msgSend (Intel would need objc_msgSend_stret), BOOL is one byte and MTLSize
/// (three NSUInteger) is passed by value as the C ABI passes it. Framework paths are given to the loader,
/// never tested with File.Exists: since macOS 11 they live only in the dyld shared cache.
/// </summary>
public sealed unsafe class ObjCRuntime : IObjCRuntime
{
    private const string LibObjC = "/usr/lib/libobjc.A.dylib";
    private const string MetalFramework = "/System/Library/Frameworks/Metal.framework/Metal";
    private const string CoreGraphicsFramework = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics";

    public static ObjCRuntime Instance { get; } = new();

    private readonly ConcurrentDictionary<string, nint> _selectors = new(StringComparer.Ordinal);
    private readonly Lazy<bool> _frameworks = new(() =>
    {
        NativeLibrary.Load(CoreGraphicsFramework);
        NativeLibrary.Load(MetalFramework);
        return true;
    });

    private ObjCRuntime()
    {
    }

    public void LoadFrameworks() => _ = _frameworks.Value;

    public nint GetClass(string name)
    {
        nint utf8 = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            return objc_getClass(utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    public nint Selector(string name) => _selectors.GetOrAdd(name, static n =>
    {
        nint utf8 = Marshal.StringToCoTaskMemUTF8(n);
        try
        {
            return sel_registerName(utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    });

    public nint AutoreleasePoolPush() => objc_autoreleasePoolPush();

    public void AutoreleasePoolPop(nint pool) => objc_autoreleasePoolPop(pool);

    public nint CreateSystemDefaultDevice() => MTLCreateSystemDefaultDevice();

    public nint CopyAllDevices() => MTLCopyAllDevices();

    public nint Send(nint receiver, nint selector) => Msg(receiver, selector);

    public nuint SendUInt(nint receiver, nint selector) => MsgUInt(receiver, selector);

    // NSInteger and id are both one pointer-sized integer register: the same import.
    public nint SendInt(nint receiver, nint selector) => Msg(receiver, selector);

    public void SendVoid(nint receiver, nint selector) => MsgVoid(receiver, selector);

    public byte SendBool(nint receiver, nint selector, nint argument) => MsgBool(receiver, selector, argument);

    public nint Send(nint receiver, nint selector, nint argument) => Msg(receiver, selector, argument);

    public nint SendWithUInt(nint receiver, nint selector, nuint argument) => MsgWithUInt(receiver, selector, argument);

    public void SendVoid(nint receiver, nint selector, nint argument) => MsgVoid(receiver, selector, argument);

    public void SendVoidBool(nint receiver, nint selector, byte argument) => MsgVoidBool(receiver, selector, argument);

    public void SendVoidInt(nint receiver, nint selector, nint argument) => MsgVoid(receiver, selector, argument);

    public nint Send(nint receiver, nint selector, nint first, nint second, nint* error) => Msg(receiver, selector, first, second, error);

    public nint Send(nint receiver, nint selector, nint argument, nint* error) => Msg(receiver, selector, argument, error);

    public nint Send(nint receiver, nint selector, nuint length, nuint options) => Msg(receiver, selector, length, options);

    public nint Send(nint receiver, nint selector, void* bytes, nuint length, nuint options, nint deallocator) =>
        Msg(receiver, selector, bytes, length, options, deallocator);

    public void SendVoid(nint receiver, nint selector, nint buffer, nuint offset, nuint index) => MsgVoid(receiver, selector, buffer, offset, index);

    public void SendVoid(nint receiver, nint selector, void* bytes, nuint length, nuint index) => MsgVoid(receiver, selector, bytes, length, index);

    public void SendVoid(nint receiver, nint selector, MTLSize first, MTLSize second) => MsgVoid(receiver, selector, first, second);

    // libobjc

    [DllImport(LibObjC, ExactSpelling = true)]
    private static extern nint objc_getClass(nint name);

    [DllImport(LibObjC, ExactSpelling = true)]
    private static extern nint sel_registerName(nint name);

    [DllImport(LibObjC, ExactSpelling = true)]
    private static extern nint objc_autoreleasePoolPush();

    [DllImport(LibObjC, ExactSpelling = true)]
    private static extern void objc_autoreleasePoolPop(nint pool);

    // Metal

    [DllImport(MetalFramework, ExactSpelling = true)]
    private static extern nint MTLCreateSystemDefaultDevice();

    [DllImport(MetalFramework, ExactSpelling = true)]
    private static extern nint MTLCopyAllDevices();

    // objc_msgSend, one import per signature.

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nint Msg(nint receiver, nint selector);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nuint MsgUInt(nint receiver, nint selector);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern void MsgVoid(nint receiver, nint selector);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern byte MsgBool(nint receiver, nint selector, nint argument);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nint Msg(nint receiver, nint selector, nint argument);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nint MsgWithUInt(nint receiver, nint selector, nuint argument);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern void MsgVoid(nint receiver, nint selector, nint argument);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern void MsgVoidBool(nint receiver, nint selector, byte argument);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nint Msg(nint receiver, nint selector, nint first, nint second, nint* error);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nint Msg(nint receiver, nint selector, nint argument, nint* error);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nint Msg(nint receiver, nint selector, nuint length, nuint options);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern nint Msg(nint receiver, nint selector, void* bytes, nuint length, nuint options, nint deallocator);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern void MsgVoid(nint receiver, nint selector, nint buffer, nuint offset, nuint index);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern void MsgVoid(nint receiver, nint selector, void* bytes, nuint length, nuint index);

    [DllImport(LibObjC, EntryPoint = "objc_msgSend", ExactSpelling = true)]
    private static extern void MsgVoid(nint receiver, nint selector, MTLSize first, MTLSize second);
}
