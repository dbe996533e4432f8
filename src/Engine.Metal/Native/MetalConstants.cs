namespace Backtest.Metal.Native;

/// <summary>Metal enum values the plugin passes or reads, from Apple's metal-cpp headers.</summary>
public static class MetalConstants
{
    /// <summary>MTLResourceStorageModeShared: CPU and GPU see the same memory (unified memory on Apple silicon).</summary>
    public const nuint ResourceStorageModeShared = 0;
    public const nuint ResourceStorageModeManaged = 16;
    public const nuint ResourceStorageModePrivate = 32;
    public const nuint ResourceStorageModeMemoryless = 48;
    public const nuint ResourceHazardTrackingModeUntracked = 256;

    /// <summary>MTLCommandBufferStatus.</summary>
    public const nuint CommandBufferStatusCompleted = 4;
    public const nuint CommandBufferStatusError = 5;

    /// <summary>MTLMathMode (macOS 15+): Safe = 0, Relaxed = 1, Fast = 2.</summary>
    public const nint MathModeSafe = 0;

    /// <summary>MTLMathFloatingPointFunctions (macOS 15+): Fast = 0, Precise = 1.</summary>
    public const nint MathFloatingPointFunctionsPrecise = 1;

    /// <summary>Objective-C BOOL, one byte on arm64.</summary>
    public const byte No = 0;
    public const byte Yes = 1;
}
