using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>A statement of a strategy file (strategies.md §2), located at its first token.</summary>
internal abstract record Statement(int Line, int Column);

/// <summary><c>strategy NAME ["description"]</c>.</summary>
internal sealed record StrategyStatement(int Line, int Column, Token Name, string? Description) : Statement(Line, Column);

/// <summary>A signed number literal of a <c>param</c> statement: its value, whether it is an int, and where it is.</summary>
internal readonly record struct ParameterLiteral(double Value, bool IsInt, string Text, int Line, int Column);

/// <summary><c>param NAME = LITERAL [in LITERAL..LITERAL]</c>.</summary>
internal sealed record ParameterStatement(int Line, int Column, Token Name, ParameterLiteral Default, ParameterLiteral? Min, ParameterLiteral? Max)
    : Statement(Line, Column);

/// <summary><c>require CONDITION ["message"]</c>; <see cref="Text"/> is the condition as written.</summary>
internal sealed record RequireStatement(int Line, int Column, Expression Condition, string Text, string? Message) : Statement(Line, Column);

/// <summary><c>NAME = EXPRESSION</c>.</summary>
internal sealed record SeriesStatement(int Line, int Column, Token Name, Expression Value) : Statement(Line, Column);

/// <summary><c>buy|sell|short|cover when CONDITION</c>.</summary>
internal sealed record RuleStatement(int Line, int Column, RuleKind Rule, Expression Condition) : Statement(Line, Column);
