using Backtest.Engines;
using Backtest.Metal.Emulation;
using Backtest.Metal.Host;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Metal;

/// <summary>
/// `--engine metal-emulated`: the Metal engine's kernel and host logic with the GPU replaced by the kernel's
/// C++ build (shaders/metal_shim.h), so that a shader change can be checked end to end on any machine with
/// a C++ compiler. A verification engine, not a fast one: every GPU thread runs one after another on a core.
/// </summary>
public sealed class MetalEmulatedEngine : KernelEngine
{
    public const string EngineName = "metal-emulated";

    private static readonly Lazy<EngineAvailability> Probe = new(() =>
    {
        var (compiler, reason) = CxxCompiler.Find();
        return compiler is null ? EngineAvailability.Unavailable($"the metal-emulated engine builds the kernel with a C++ compiler; {reason}") : EngineAvailability.Available;
    });

    private readonly Lazy<EmulatedBackend> _backend;

    /// <param name="maxDegreeOfParallelism">CPU threads that run the GPU threads; −1 for one per core.</param>
    public MetalEmulatedEngine(int maxDegreeOfParallelism = -1)
    {
        _backend = new Lazy<EmulatedBackend>(() =>
        {
            var (compiler, reason) = CxxCompiler.Find();
            if (compiler is null) throw new InvalidOperationException($"The {EngineName} engine cannot run here: {reason}.");
            return new EmulatedBackend(HarnessLibrary.Load(HarnessBuild.BuildOrReuse(compiler)), maxDegreeOfParallelism);
        });
    }

    public override string Name => EngineName;

    /// <summary>Whether a C++ compiler is found (building and loading happen at the first run).</summary>
    public static EngineAvailability Availability => Probe.Value;

    private protected override SymbolResult[][] RunKernel(BarPanel<float> panel, IReadOnlyList<S3Run> parameterSets, CancellationToken cancellationToken) =>
        KernelRunner.Run(_backend.Value, panel, parameterSets, Options, cancellationToken);
}
