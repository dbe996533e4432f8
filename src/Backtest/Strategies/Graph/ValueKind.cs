namespace Backtest.Strategies.Graph;

/// <summary>The three types of strategies.md §3. An int is accepted where a num is expected, never the reverse.</summary>
public enum ValueKind : byte
{
    Bool,
    Int,
    Num,
}
