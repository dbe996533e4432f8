namespace Backtest.Metal.Native;

/// <summary>
/// The Objective-C runtime and Metal C functions the plugin calls, one member per objc_msgSend signature
/// (objc_msgSend is a trampoline: each signature needs its own typed import). <see cref="ObjCRuntime"/> is the
/// real one (macOS); tests drive <see cref="MetalDevice"/> through a fake to check call sequences on Linux.
/// </summary>
public unsafe interface IObjCRuntime
{
    /// <summary>Loads CoreGraphics (without it command-line tools get no device) and Metal.</summary>
    void LoadFrameworks();

    nint GetClass(string name);

    nint Selector(string name);

    nint AutoreleasePoolPush();

    void AutoreleasePoolPop(nint pool);

    /// <summary>MTLCreateSystemDefaultDevice(): owned, or nil.</summary>
    nint CreateSystemDefaultDevice();

    /// <summary>MTLCopyAllDevices(): an owned NSArray, or nil.</summary>
    nint CopyAllDevices();

    /// <summary>id (id, SEL), and const char* / void* (id, SEL).</summary>
    nint Send(nint receiver, nint selector);

    /// <summary>NSUInteger (id, SEL).</summary>
    nuint SendUInt(nint receiver, nint selector);

    /// <summary>NSInteger (id, SEL).</summary>
    nint SendInt(nint receiver, nint selector);

    /// <summary>void (id, SEL).</summary>
    void SendVoid(nint receiver, nint selector);

    /// <summary>BOOL (id, SEL, SEL): respondsToSelector:.</summary>
    byte SendBool(nint receiver, nint selector, nint argument);

    /// <summary>id (id, SEL, id or const char*).</summary>
    nint Send(nint receiver, nint selector, nint argument);

    /// <summary>id (id, SEL, NSUInteger): objectAtIndex:.</summary>
    nint SendWithUInt(nint receiver, nint selector, nuint argument);

    /// <summary>void (id, SEL, id).</summary>
    void SendVoid(nint receiver, nint selector, nint argument);

    /// <summary>void (id, SEL, BOOL).</summary>
    void SendVoidBool(nint receiver, nint selector, byte argument);

    /// <summary>void (id, SEL, NSInteger).</summary>
    void SendVoidInt(nint receiver, nint selector, nint argument);

    /// <summary>id (id, SEL, id, id, NSError**): newLibraryWithSource:options:error:.</summary>
    nint Send(nint receiver, nint selector, nint first, nint second, nint* error);

    /// <summary>id (id, SEL, id, NSError**): newComputePipelineStateWithFunction:error:.</summary>
    nint Send(nint receiver, nint selector, nint argument, nint* error);

    /// <summary>id (id, SEL, NSUInteger, NSUInteger): newBufferWithLength:options:.</summary>
    nint Send(nint receiver, nint selector, nuint length, nuint options);

    /// <summary>id (id, SEL, void*, NSUInteger, NSUInteger, id): newBufferWithBytesNoCopy:length:options:deallocator:.</summary>
    nint Send(nint receiver, nint selector, void* bytes, nuint length, nuint options, nint deallocator);

    /// <summary>void (id, SEL, id, NSUInteger, NSUInteger): setBuffer:offset:atIndex:.</summary>
    void SendVoid(nint receiver, nint selector, nint buffer, nuint offset, nuint index);

    /// <summary>void (id, SEL, const void*, NSUInteger, NSUInteger): setBytes:length:atIndex:.</summary>
    void SendVoid(nint receiver, nint selector, void* bytes, nuint length, nuint index);

    /// <summary>void (id, SEL, MTLSize, MTLSize): dispatchThreadgroups:threadsPerThreadgroup:.</summary>
    void SendVoid(nint receiver, nint selector, MTLSize first, MTLSize second);
}
