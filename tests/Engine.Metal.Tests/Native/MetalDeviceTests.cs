using Backtest.Metal.Native;
using Xunit;

namespace Backtest.Metal.Tests.Native;

/// <summary>The binding's call sequences, against a scripted runtime (no Mac here).</summary>
public sealed class MetalDeviceTests
{
    private static MetalDevice Device(FakeObjCRuntime rt)
    {
        rt.DefaultDevice = rt.New();
        return MetalDevice.TryCreate(rt, out _) ?? throw new InvalidOperationException("the fake gave no device");
    }

    [Fact]
    public void Frameworks_load_before_the_device_is_asked_for()
    {
        using var rt = new FakeObjCRuntime();
        using var device = Device(rt);
        Assert.True(rt.Calls.IndexOf("LoadFrameworks") < rt.Calls.IndexOf("MTLCreateSystemDefaultDevice"));
        Assert.Equal("Fake GPU", device.Name);
        Assert.Contains("newCommandQueue", rt.Calls);
        Assert.Equal(0, rt.PoolDepth);
    }

    [Fact]
    public void Without_a_default_device_the_first_of_all_devices_is_retained_and_the_array_released()
    {
        using var rt = new FakeObjCRuntime { AllDevices = [0x4242] };
        using var device = MetalDevice.TryCreate(rt, out var reason);
        Assert.NotNull(device);
        Assert.Null(reason);
        int copy = rt.Calls.IndexOf("MTLCopyAllDevices");
        Assert.True(copy >= 0);
        Assert.Equal(["count", "objectAtIndex: 0", "retain", "release"], rt.Calls.Skip(copy + 1).Take(4));
    }

    [Fact]
    public void No_device_at_all_is_a_reason_not_a_crash()
    {
        using var rt = new FakeObjCRuntime();
        Assert.Null(MetalDevice.TryCreate(rt, out var reason));
        Assert.Contains("no Metal device", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Safe_math_is_asked_for_where_the_os_has_it_and_fast_math_turned_off_where_not()
    {
        using var rt = new FakeObjCRuntime();
        using var device = Device(rt);
        device.CompilePipelines("kernel source", ["backtest_chunk"]).ToList().ForEach(p => p.Dispose());
        Assert.Contains("setMathMode: 0", rt.Calls);
        Assert.Contains("setMathFloatingPointFunctions: 1", rt.Calls);
        Assert.DoesNotContain(rt.Calls, c => c.StartsWith("setFastMathEnabled:", StringComparison.Ordinal));

        using var older = new FakeObjCRuntime();
        older.Optional.Remove("setMathMode:");
        older.Optional.Remove("setMathFloatingPointFunctions:");
        using var olderDevice = Device(older);
        olderDevice.CompilePipelines("kernel source", ["backtest_chunk"]).ToList().ForEach(p => p.Dispose());
        Assert.Contains("setFastMathEnabled: 0", older.Calls);
        Assert.DoesNotContain(older.Calls, c => c.StartsWith("setMathMode:", StringComparison.Ordinal));
        // Every optional selector is asked about before it is sent.
        Assert.True(older.Calls.IndexOf("respondsToSelector: setFastMathEnabled:") < older.Calls.IndexOf("setFastMathEnabled: 0"));
    }

    [Fact]
    public void A_compile_error_surfaces_with_metals_message_and_releases_the_options()
    {
        using var rt = new FakeObjCRuntime { CompileError = "program_source:12:5: error: use of undeclared identifier 'x'" };
        using var device = Device(rt);
        var e = Assert.Throws<MetalException>(() => device.CompilePipelines("broken", ["backtest_chunk"]));
        Assert.Contains("program_source:12:5: error: use of undeclared identifier 'x'", e.Message, StringComparison.Ordinal);
        Assert.Contains("(code 3)", e.Message, StringComparison.Ordinal);
        Assert.True(rt.Calls.IndexOf("newLibraryWithSource:options:error:") < rt.Calls.IndexOf("localizedDescription"));
        Assert.Equal("release", rt.Calls[rt.Calls.LastIndexOf("UTF8String") + 2]);
        Assert.Equal(0, rt.PoolDepth);
    }

    [Fact]
    public void A_missing_kernel_is_named()
    {
        using var rt = new FakeObjCRuntime();
        rt.MissingFunctions.Add("struct_sizes");
        using var device = Device(rt);
        var e = Assert.Throws<MetalException>(() => device.CompilePipelines("source", ["backtest_chunk", "struct_sizes"]));
        Assert.Contains("no kernel named struct_sizes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dispatch_is_one_command_buffer_inside_its_own_pool()
    {
        using var rt = new FakeObjCRuntime();
        using var device = Device(rt);
        var pipeline = device.CompilePipelines("source", ["backtest_chunk"])[0];
        rt.Calls.Clear();
        device.Dispatch(pipeline, new byte[32], [(0x10, 1), (0x20, 6)], MTLSize.Linear(4), MTLSize.Linear(256));
        Assert.Equal(
            ["push", "commandBuffer", "computeCommandEncoder", "setComputePipelineState:", "setBytes:length:atIndex: 32 0",
             "setBuffer:offset:atIndex: 0 1", "setBuffer:offset:atIndex: 0 6", "dispatchThreadgroups:threadsPerThreadgroup: 4x1x1 256x1x1",
             "endEncoding", "commit", "waitUntilCompleted", "status", "pop"],
            rt.Calls);
        pipeline.Dispose();
    }

    [Fact]
    public void A_failed_command_buffer_throws_with_its_error_and_still_pops_the_pool()
    {
        using var rt = new FakeObjCRuntime { CommandBufferStatus = MetalConstants.CommandBufferStatusError };
        using var device = Device(rt);
        using var pipeline = device.CompilePipelines("source", ["backtest_chunk"])[0];
        var e = Assert.Throws<MetalException>(() => device.Dispatch(pipeline, [], [], MTLSize.Linear(1), MTLSize.Linear(32)));
        Assert.Contains("status 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("the command buffer failed", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, rt.PoolDepth);
    }

    [Fact]
    public void No_copy_buffers_go_to_shared_storage_without_a_deallocator()
    {
        using var rt = new FakeObjCRuntime();
        using var device = Device(rt);
        unsafe
        {
            Assert.NotEqual(0, device.WrapNoCopy((void*)0x4000, 16384));
        }
        Assert.Contains("newBufferWithBytesNoCopy:length:options:deallocator: 16384 0 0", rt.Calls);
    }

    [Fact]
    public void Every_selector_sent_has_its_signature_in_the_table()
    {
        using var rt = new FakeObjCRuntime { AllDevices = [0x4242] };
        using (var device = MetalDevice.TryCreate(rt, out _)!)
        {
            using var pipeline = device.CompilePipelines("source", ["backtest_chunk"])[0];
            device.Dispatch(pipeline, new byte[8], [(0x10, 1)], MTLSize.Linear(1), MTLSize.Linear(32));
            device.Release(device.NewBuffer(64));
        }
        var sent = rt.Calls.Select(c => c.Split(' ')[0]).Where(c => c is not ("push" or "pop" or "LoadFrameworks" or "MTLCreateSystemDefaultDevice" or "MTLCopyAllDevices"));
        Assert.All(sent, s => Assert.True(Selectors.Signatures.ContainsKey(s), $"{s} is sent but not in Selectors.Signatures"));
    }
}
