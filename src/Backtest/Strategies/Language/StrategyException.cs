namespace Backtest.Strategies.Language;

/// <summary>
/// A strategy file that cannot run (strategies.md §7): it does not parse or type-check, a parameter value is wrong, or
/// a <c>require</c> fails. Holds every error found (at least one); the message is one line per error.
/// </summary>
public sealed class StrategyException : Exception
{
    public StrategyException(IReadOnlyList<StrategyError> errors)
        : base(string.Join('\n', errors))
    {
        if (errors.Count == 0) throw new ArgumentException("A strategy exception needs at least one error.", nameof(errors));
        Errors = errors;
    }

    public StrategyException(StrategyError error)
        : this([error])
    {
    }

    public IReadOnlyList<StrategyError> Errors { get; }
}
