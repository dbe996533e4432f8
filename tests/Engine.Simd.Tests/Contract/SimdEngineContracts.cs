using Backtest.Engines;
using Backtest.Lanes;

namespace Backtest.Tests.Contract;

/// <summary>The SIMD engine at one vector width and precision; skipped where the machine lacks the width.</summary>
public abstract class SimdEngineContract(VectorWidth width, Precision precision) : EngineContract
{
    protected override IBacktestEngine CreateEngine() => new SimdEngine(width);

    protected override Precision Precision => precision;

    protected override string? Unavailable => width.IsAccelerated() ? null : $"{width.Name()} vectors are not accelerated here";
}

public sealed class SimdF64Vector512Contract() : SimdEngineContract(VectorWidth.Bits512, Precision.F64);

public sealed class SimdF64Vector256Contract() : SimdEngineContract(VectorWidth.Bits256, Precision.F64);

public sealed class SimdF64Vector128Contract() : SimdEngineContract(VectorWidth.Bits128, Precision.F64);

public sealed class SimdF64ScalarContract() : SimdEngineContract(VectorWidth.Scalar, Precision.F64);

public sealed class SimdF32Vector512Contract() : SimdEngineContract(VectorWidth.Bits512, Precision.F32);

public sealed class SimdF32Vector256Contract() : SimdEngineContract(VectorWidth.Bits256, Precision.F32);

public sealed class SimdF32Vector128Contract() : SimdEngineContract(VectorWidth.Bits128, Precision.F32);

public sealed class SimdF32ScalarContract() : SimdEngineContract(VectorWidth.Scalar, Precision.F32);
