namespace Backtest.Strategies.Lanes;

/// <summary>Which comparison a <see cref="CompareNode{TL, TV, T, TKind, TExact, TNa, TA, TB, TOut}"/> makes, as a type, so its branches fold away.</summary>
internal interface IComparisonKind;

internal readonly struct GreaterKind : IComparisonKind;

internal readonly struct LessKind : IComparisonKind;

internal readonly struct GreaterOrEqualKind : IComparisonKind;

internal readonly struct LessOrEqualKind : IComparisonKind;

internal readonly struct EqualKind : IComparisonKind;

internal readonly struct NotEqualKind : IComparisonKind;
