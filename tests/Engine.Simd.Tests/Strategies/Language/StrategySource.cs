using Backtest.Strategies.Language;
using Xunit;

namespace Backtest.Tests.Strategies.Language;

/// <summary>Helpers of the language tests: compile a snippet, or get the errors it raises as <c>FILE:LINE:COLUMN: message</c>.</summary>
internal static class StrategySource
{
    public const string File = "t.bt";

    /// <summary>Lines joined with '\n'.</summary>
    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    public static StrategyDefinition Compile(params string[] lines) => StrategyCompiler.Parse(Lines(lines), File);

    /// <summary>The errors of compiling (and instantiating with defaults) the lines; fails when there are none.</summary>
    public static IReadOnlyList<StrategyError> Errors(params string[] lines)
    {
        var e = Assert.Throws<StrategyException>(() => Compile(lines).Instantiate());
        return e.Errors;
    }

    /// <summary>The single error's <c>LINE:COLUMN</c> and message.</summary>
    public static (string At, string Message) Error(params string[] lines)
    {
        var errors = Errors(lines);
        Assert.Single(errors);
        return ($"{errors[0].Line}:{errors[0].Column}", errors[0].Message);
    }
}
