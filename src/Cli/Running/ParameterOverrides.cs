using System.Globalization;
using Backtest.Strategies.Language;

namespace Backtest.Cli.Running;

/// <summary>
/// Reads the <c>--param NAME=VALUE</c> texts of a command line into a strategy's overrides (strategies.md §2), every
/// problem at once: NAME must be one of the strategy's parameters and given once; VALUE a number in invariant culture,
/// and for an int parameter an int as the text writes it (<c>5</c>, not <c>5.0</c> or <c>5.5</c>: the value 5.0 equals 5,
/// so only the text can tell); then the parameter's own check (its range). Problems are
/// <see cref="StrategyError"/>s, as the language reports a wrong value: at the parameter's declaration when it names
/// one, else the file as a whole.
/// </summary>
public static class ParameterOverrides
{
    /// <summary>The option that carries the overrides, as commands declare it.</summary>
    public const string OptionName = "param";

    private const NumberStyles NumberText = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// The overrides <paramref name="texts"/> give <paramref name="strategy"/>'s parameters, by name; or null with
    /// <paramref name="errors"/> holding why (one error per bad text).
    /// </summary>
    public static IReadOnlyDictionary<string, double>? Parse(IReadOnlyList<string> texts, StrategyDefinition strategy, List<StrategyError> errors)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(errors);
        int before = errors.Count;
        var overrides = new Dictionary<string, double>(StringComparer.Ordinal);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add(WholeFile(strategy, $"--{OptionName} '{text}' is not NAME=VALUE (--{OptionName} {FirstName(strategy)}=VALUE)"));
                continue;
            }
            string name = text[..equals], valueText = text[(equals + 1)..];
            if (strategy.Parameter(name) is not { } parameter)
            {
                errors.Add(WholeFile(strategy, $"--{OptionName} {text}: the strategy {strategy.Name} has no parameter '{name}'; {Known(strategy)}"));
                continue;
            }
            if (given.TryGetValue(name, out string? first))
            {
                errors.Add(WholeFile(strategy, $"--{OptionName} {name} is given twice ({first} and {text}); give each parameter once"));
                continue;
            }
            given[name] = text;
            if (Refuse(parameter, valueText) is { } why)
            {
                errors.Add(new StrategyError(strategy.FileName, parameter.Line, parameter.Column, $"--{OptionName} {text}: {why}"));
                continue;
            }
            overrides[name] = double.Parse(valueText, NumberText, CultureInfo.InvariantCulture);
        }
        return errors.Count == before ? overrides : null;
    }

    /// <summary>Why <paramref name="text"/> cannot be <paramref name="parameter"/>'s value, or null when it can.</summary>
    private static string? Refuse(StrategyParameter parameter, string text)
    {
        if (!IsNumberText(text) || !double.TryParse(text, NumberText, CultureInfo.InvariantCulture, out double value))
            return $"'{text}' is not a number (digits, an optional sign, point and exponent: 5, -2, 0.5, 1e-3)";
        if (parameter.IsInt && !IsIntText(text))
            return $"'{parameter.Name}' is an int parameter (its default is {StrategyParameter.Format(parameter.Default)}) and takes an int written as one, like 5, not 5.0 or 5.5";
        return parameter.Refuse(value);
    }

    // Digits are required: double.Parse alone takes "NaN" and "Infinity" (invariant culture's symbols).
    private static bool IsNumberText(string text) => text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or '.' or 'e' or 'E');

    private static bool IsIntText(string text)
    {
        int start = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        return text.Length > start && text[start..].All(char.IsAsciiDigit);
    }

    private static StrategyError WholeFile(StrategyDefinition strategy, string message) => new(strategy.FileName, 0, 0, message);

    private static string FirstName(StrategyDefinition strategy) => strategy.Parameters.Count > 0 ? strategy.Parameters[0].Name : "NAME";

    private static string Known(StrategyDefinition strategy) =>
        strategy.Parameters.Count == 0 ? "it has none" : "its parameters are " + string.Join(", ", strategy.Parameters.Select(p => p.Name));
}
