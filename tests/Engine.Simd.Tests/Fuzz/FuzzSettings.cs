using System.Globalization;

namespace Backtest.Tests.Fuzz;

/// <summary>
/// How long and from where the fuzz targets run, from the environment:
/// <c>BT_FUZZ_SECONDS</c> per target (default 3, for CI; raise it for a long local run),
/// <c>BT_FUZZ_SEED</c> (default fixed, so CI runs the same inputs every time),
/// <c>BT_FUZZ_ITERATION</c> to replay the one input a failure named,
/// <c>BT_FUZZ_INPUT_TIMEOUT_MS</c> past which one input counts as a hang (default 10,000).
/// </summary>
internal sealed record FuzzSettings(double Seconds, ulong Seed, long? Iteration, int InputTimeoutMs)
{
    public const ulong DefaultSeed = 20261207;

    public static FuzzSettings FromEnvironment() => new(
        Number("BT_FUZZ_SECONDS", 3.0),
        (ulong)Number("BT_FUZZ_SEED", DefaultSeed),
        Environment.GetEnvironmentVariable("BT_FUZZ_ITERATION") is { Length: > 0 } i ? long.Parse(i, CultureInfo.InvariantCulture) : null,
        (int)Number("BT_FUZZ_INPUT_TIMEOUT_MS", 10_000));

    private static double Number(string name, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 ? v : fallback;
}
