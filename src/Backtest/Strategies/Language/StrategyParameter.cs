using System.Globalization;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// A <c>param</c> of a strategy file (strategies.md §2): its type (its default's: <see cref="ValueKind.Int"/> or
/// <see cref="ValueKind.Num"/>), default, inclusive range (null ends are unbounded) and where it is declared.
/// </summary>
public sealed record StrategyParameter(string Name, ValueKind Kind, double Default, double? Min, double? Max, int Line, int Column)
{
    public bool IsInt => Kind == ValueKind.Int;

    /// <summary>Why <paramref name="value"/> cannot be this parameter's value, or null when it can.</summary>
    public string? Refuse(double value)
    {
        if (!double.IsFinite(value)) return $"{Format(value)} is not a number";
        if (IsInt && value != Math.Round(value)) return $"{Format(value)} is not an int, and '{Name}' is an int parameter (its default is {Format(Default)})";
        if (IsInt && Math.Abs(value) > Lexer.MaxExactInt) return $"{Format(value)} is beyond 2^53, the largest exact int";
        if (value < Min || value > Max) return $"{Format(value)} is outside its range {Range}";
        return null;
    }

    /// <summary>The range as written: <c>1..1000</c>, or "unbounded".</summary>
    public string Range => Min is null ? "unbounded" : $"{Format(Min.Value)}..{Format(Max!.Value)}";

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
