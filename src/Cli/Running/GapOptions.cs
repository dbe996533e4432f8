using Backtest.Data.Gaps;

namespace Backtest.Cli.Running;

/// <summary>--max-gap and --split-at-gaps, shared by `bt run`, `bt optimize` and `bt walkforward`.</summary>
internal static class GapOptions
{
    public const string MaxGapDescription =
        "Report every step between consecutive bars longer than this, per symbol (console and the JSON report): a duration such as 4d, 36h or 90m.";

    public const string SplitDescription =
        "Backtest each side of a gap as its own series (SYM#1, SYM#2, ...): indicators warm up again, a position open at the last bar before the gap is sold there (reason end).";

    /// <summary>The policy, or null with the problem added to <paramref name="errors"/>.</summary>
    public static GapPolicy? Check(RunOptions options, List<string> errors)
    {
        if (DurationText.TryParse(options.MaxGap, out long ms)) return new GapPolicy(ms, options.SplitAtGaps);
        errors.Add($"--max-gap must be a duration above 0 and at most 36525d, such as 4d, 36h or 90m (got '{options.MaxGap}').");
        return null;
    }

    /// <summary>The policy of options that passed <see cref="Check"/>.</summary>
    public static GapPolicy Policy(RunOptions options) =>
        Check(options, []) ?? throw new InvalidOperationException($"--max-gap '{options.MaxGap}' was not checked.");
}
