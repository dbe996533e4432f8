using System.Runtime.InteropServices;

namespace Backtest.Metal.Native;

/// <summary>
/// A Metal device and its command queue, and the few things the plugin does with them: compile a library
/// from source into compute pipelines, make shared buffers, encode and wait for one dispatch. Every owned
/// object (new…, Copy…) is released; every nil is tested before an NSError is read; optional selectors are
/// tested with respondsToSelector: first (an unknown selector raises an Objective-C exception, which aborts).
/// </summary>
public sealed unsafe class MetalDevice : IDisposable
{
    private readonly IObjCRuntime _rt;
    private nint _device;
    private nint _queue;

    private MetalDevice(IObjCRuntime runtime, nint device, nint queue, string name)
    {
        _rt = runtime;
        _device = device;
        _queue = queue;
        Name = name;
    }

    public string Name { get; }

    public nint Handle => _device != 0 ? _device : throw new ObjectDisposedException(nameof(MetalDevice));

    /// <summary>The system's default device (or the first of all devices), or null and why there is none.</summary>
    public static MetalDevice? TryCreate(IObjCRuntime runtime, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        runtime.LoadFrameworks();
        using var pool = AutoreleasePool.Push(runtime);
        nint device = runtime.CreateSystemDefaultDevice();
        if (device == 0) device = FirstOfAllDevices(runtime);
        if (device == 0)
        {
            reason = "no Metal device was found (MTLCreateSystemDefaultDevice and MTLCopyAllDevices gave none)";
            return null;
        }

        nint queue = runtime.Send(device, runtime.Selector("newCommandQueue"));
        if (queue == 0)
        {
            runtime.SendVoid(device, runtime.Selector("release"));
            reason = "the Metal device gave no command queue";
            return null;
        }
        reason = null;
        string name = RespondsTo(runtime, device, "name") ? StringOf(runtime, runtime.Send(device, runtime.Selector("name"))) ?? "Metal device" : "Metal device";
        return new MetalDevice(runtime, device, queue, name);
    }

    private static nint FirstOfAllDevices(IObjCRuntime runtime)
    {
        nint devices = runtime.CopyAllDevices();
        if (devices == 0) return 0;
        try
        {
            if (runtime.SendUInt(devices, runtime.Selector("count")) == 0) return 0;
            // The array owns its elements: retain the one kept before the array is released.
            nint first = runtime.SendWithUInt(devices, runtime.Selector("objectAtIndex:"), 0);
            return first == 0 ? 0 : runtime.Send(first, runtime.Selector("retain"));
        }
        finally
        {
            runtime.SendVoid(devices, runtime.Selector("release"));
        }
    }

    /// <summary>Compiles <paramref name="source"/> in safe math mode and makes a pipeline for each named kernel.</summary>
    /// <exception cref="MetalException">Compilation failed (with Metal's message) or a kernel is missing.</exception>
    public IReadOnlyList<MetalPipeline> CompilePipelines(string source, IReadOnlyList<string> functions)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(functions);
        using var pool = AutoreleasePool.Push(_rt);
        nint options = _rt.Send(_rt.GetClass("MTLCompileOptions"), _rt.Selector("new"));
        if (options == 0) throw new MetalException("MTLCompileOptions could not be created.");
        nint library;
        try
        {
            // Safe math: no reassociation, exact division; the double-floats of the kernel need IEEE rounding.
            if (RespondsTo(_rt, options, "setMathMode:")) _rt.SendVoidInt(options, _rt.Selector("setMathMode:"), MetalConstants.MathModeSafe);
            else if (RespondsTo(_rt, options, "setFastMathEnabled:")) _rt.SendVoidBool(options, _rt.Selector("setFastMathEnabled:"), MetalConstants.No);
            else throw new MetalException("MTLCompileOptions offers neither setMathMode: nor setFastMathEnabled:; fast math cannot be turned off.");
            if (RespondsTo(_rt, options, "setMathFloatingPointFunctions:"))
                _rt.SendVoidInt(options, _rt.Selector("setMathFloatingPointFunctions:"), MetalConstants.MathFloatingPointFunctionsPrecise);

            nint error = 0;
            library = _rt.Send(Handle, _rt.Selector("newLibraryWithSource:options:error:"), NSString(source), options, &error);
            if (library == 0)
                throw new MetalException($"Metal could not compile shaders/{ShaderSources.KernelFile}: {Describe(error)}");
        }
        finally
        {
            _rt.SendVoid(options, _rt.Selector("release"));
        }

        var pipelines = new List<MetalPipeline>();
        try
        {
            foreach (var name in functions)
            {
                nint function = _rt.Send(library, _rt.Selector("newFunctionWithName:"), NSString(name));
                if (function == 0) throw new MetalException($"shaders/{ShaderSources.KernelFile} has no kernel named {name}.");
                nint error = 0;
                nint pipeline = _rt.Send(Handle, _rt.Selector("newComputePipelineStateWithFunction:error:"), function, &error);
                _rt.SendVoid(function, _rt.Selector("release"));
                if (pipeline == 0) throw new MetalException($"Metal could not make a pipeline for {name}: {Describe(error)}");
                pipelines.Add(new MetalPipeline(
                    _rt,
                    pipeline,
                    (int)_rt.SendUInt(pipeline, _rt.Selector("threadExecutionWidth")),
                    (int)_rt.SendUInt(pipeline, _rt.Selector("maxTotalThreadsPerThreadgroup"))));
            }
            return pipelines;
        }
        catch
        {
            foreach (var p in pipelines) p.Dispose();
            throw;
        }
        finally
        {
            _rt.SendVoid(library, _rt.Selector("release"));
        }
    }

    /// <summary>
    /// A shared buffer over <paramref name="length"/> bytes at <paramref name="pointer"/> without a copy, or
    /// 0 when Metal refuses (the memory must be page-aligned and a whole number of pages). The memory stays
    /// the caller's: the buffer has no deallocator and must be released before the memory is freed.
    /// </summary>
    public nint WrapNoCopy(void* pointer, nuint length) =>
        _rt.Send(Handle, _rt.Selector("newBufferWithBytesNoCopy:length:options:deallocator:"), pointer, length, MetalConstants.ResourceStorageModeShared, 0);

    /// <summary>A new shared buffer of <paramref name="length"/> bytes (owned), for the copying fallback.</summary>
    public nint NewBuffer(nuint length)
    {
        nint buffer = _rt.Send(Handle, _rt.Selector("newBufferWithLength:options:"), length, MetalConstants.ResourceStorageModeShared);
        return buffer != 0 ? buffer : throw new MetalException($"Metal could not allocate a shared buffer of {length:N0} bytes.");
    }

    public void* Contents(nint buffer) => (void*)_rt.Send(buffer, _rt.Selector("contents"));

    public void Release(nint obj)
    {
        if (obj != 0) _rt.SendVoid(obj, _rt.Selector("release"));
    }

    /// <summary>
    /// One command buffer: the pipeline, the argument bytes at index 0, the buffers at their indices, the
    /// threadgroups; commits it and waits. Throws with Metal's error when the command buffer fails.
    /// </summary>
    public void Dispatch(MetalPipeline pipeline, ReadOnlySpan<byte> arguments, IReadOnlyList<(nint Buffer, int Index)> buffers, MTLSize groups, MTLSize threadsPerGroup)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(buffers);
        using var pool = AutoreleasePool.Push(_rt);
        nint commandBuffer = _rt.Send(_queue, _rt.Selector("commandBuffer"));
        if (commandBuffer == 0) throw new MetalException("The command queue gave no command buffer.");
        nint encoder = _rt.Send(commandBuffer, _rt.Selector("computeCommandEncoder"));
        if (encoder == 0) throw new MetalException("The command buffer gave no compute encoder.");

        _rt.SendVoid(encoder, _rt.Selector("setComputePipelineState:"), pipeline.Handle);
        if (!arguments.IsEmpty)
        {
            fixed (byte* bytes = arguments) _rt.SendVoid(encoder, _rt.Selector("setBytes:length:atIndex:"), bytes, (nuint)arguments.Length, 0);
        }
        foreach (var (buffer, index) in buffers) _rt.SendVoid(encoder, _rt.Selector("setBuffer:offset:atIndex:"), buffer, 0, (nuint)index);
        _rt.SendVoid(encoder, _rt.Selector("dispatchThreadgroups:threadsPerThreadgroup:"), groups, threadsPerGroup);
        _rt.SendVoid(encoder, _rt.Selector("endEncoding"));
        _rt.SendVoid(commandBuffer, _rt.Selector("commit"));
        _rt.SendVoid(commandBuffer, _rt.Selector("waitUntilCompleted"));

        nuint status = _rt.SendUInt(commandBuffer, _rt.Selector("status"));
        if (status != MetalConstants.CommandBufferStatusCompleted)
            throw new MetalException($"The Metal command buffer ended with status {status}: {Describe(_rt.Send(commandBuffer, _rt.Selector("error")))}");
    }

    /// <summary>An NSError's localizedDescription and code; the caller has tested the result object for nil first.</summary>
    private string Describe(nint error)
    {
        if (error == 0) return "Metal gave no error";
        string? description = StringOf(_rt, _rt.Send(error, _rt.Selector("localizedDescription")));
        return $"{description ?? "no description"} (code {_rt.SendInt(error, _rt.Selector("code"))})";
    }

    private nint NSString(string text)
    {
        nint utf8 = Marshal.StringToCoTaskMemUTF8(text);
        try
        {
            // Autoreleased: the pool of the calling block owns it.
            return _rt.Send(_rt.GetClass("NSString"), _rt.Selector("stringWithUTF8String:"), utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    private static string? StringOf(IObjCRuntime runtime, nint nsString) =>
        nsString == 0 ? null : Marshal.PtrToStringUTF8(runtime.Send(nsString, runtime.Selector("UTF8String")));

    private static bool RespondsTo(IObjCRuntime runtime, nint obj, string selector) =>
        runtime.SendBool(obj, runtime.Selector("respondsToSelector:"), runtime.Selector(selector)) != MetalConstants.No;

    public void Dispose()
    {
        if (_device == 0) return;
        Release(_queue);
        Release(_device);
        _queue = 0;
        _device = 0;
    }
}
