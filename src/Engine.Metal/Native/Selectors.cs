namespace Backtest.Metal.Native;

/// <summary>
/// Every selector the plugin sends, spelled as in Apple's headers, with the C signature of the
/// objc_msgSend import it goes through (id, SEL first; `nint` for id/SEL/pointers, `nuint` for NSUInteger,
/// `nint` for NSInteger, `byte` for BOOL, MTLSize by value). The table is the binding's contract: the
/// tests check each entry against the imports of <see cref="IObjCRuntime"/>.
/// </summary>
public static class Selectors
{
    public static readonly IReadOnlyDictionary<string, string> Signatures = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // any object
        ["new"] = "id (id, SEL)",
        ["release"] = "void (id, SEL)",
        ["retain"] = "id (id, SEL)",
        ["respondsToSelector:"] = "BOOL (id, SEL, SEL)",
        // NSString, NSArray, NSError
        ["stringWithUTF8String:"] = "id (id, SEL, const char*)",
        ["UTF8String"] = "const char* (id, SEL)",
        ["count"] = "NSUInteger (id, SEL)",
        ["objectAtIndex:"] = "id (id, SEL, NSUInteger)",
        ["localizedDescription"] = "id (id, SEL)",
        ["code"] = "NSInteger (id, SEL)",
        // MTLCompileOptions
        ["setFastMathEnabled:"] = "void (id, SEL, BOOL)",
        ["setMathMode:"] = "void (id, SEL, NSInteger)",
        ["setMathFloatingPointFunctions:"] = "void (id, SEL, NSInteger)",
        // MTLDevice
        ["name"] = "id (id, SEL)",
        ["newLibraryWithSource:options:error:"] = "id (id, SEL, id, id, NSError**)",
        ["newComputePipelineStateWithFunction:error:"] = "id (id, SEL, id, NSError**)",
        ["newCommandQueue"] = "id (id, SEL)",
        ["newBufferWithLength:options:"] = "id (id, SEL, NSUInteger, NSUInteger)",
        ["newBufferWithBytesNoCopy:length:options:deallocator:"] = "id (id, SEL, void*, NSUInteger, NSUInteger, id)",
        // MTLLibrary
        ["newFunctionWithName:"] = "id (id, SEL, id)",
        // MTLBuffer
        ["contents"] = "void* (id, SEL)",
        ["length"] = "NSUInteger (id, SEL)",
        // MTLComputePipelineState
        ["maxTotalThreadsPerThreadgroup"] = "NSUInteger (id, SEL)",
        ["threadExecutionWidth"] = "NSUInteger (id, SEL)",
        // MTLCommandQueue, MTLCommandBuffer
        ["commandBuffer"] = "id (id, SEL)",
        ["computeCommandEncoder"] = "id (id, SEL)",
        ["commit"] = "void (id, SEL)",
        ["waitUntilCompleted"] = "void (id, SEL)",
        ["status"] = "NSUInteger (id, SEL)",
        ["error"] = "id (id, SEL)",
        // MTLComputeCommandEncoder
        ["setComputePipelineState:"] = "void (id, SEL, id)",
        ["setBuffer:offset:atIndex:"] = "void (id, SEL, id, NSUInteger, NSUInteger)",
        ["setBytes:length:atIndex:"] = "void (id, SEL, const void*, NSUInteger, NSUInteger)",
        ["dispatchThreadgroups:threadsPerThreadgroup:"] = "void (id, SEL, MTLSize, MTLSize)",
        ["endEncoding"] = "void (id, SEL)",
    };
}
