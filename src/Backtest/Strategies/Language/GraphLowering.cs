using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// Lowers a checked strategy, for one set of parameter values, into a <see cref="GraphBuilder"/>: constants folded
/// into <see cref="GraphBuilder.Constant"/>, operators and lags into their nodes, functions by
/// <see cref="FunctionCatalog"/> once their periods (constant ints ≥ 1) and amounts (constant nums ≥ 0) are checked
/// for these values. A named series is its expression's node; equal calls merge in the builder.
/// </summary>
internal sealed class GraphLowering
{
    private readonly GraphBuilder _builder;
    private readonly ConstantEvaluator _constants;
    private readonly string _file;
    private readonly Dictionary<string, FunctionValue> _named = new(StringComparer.Ordinal);

    private GraphLowering(GraphBuilder builder, IReadOnlyDictionary<string, double> parameters, string file)
    {
        _builder = builder;
        _constants = new ConstantEvaluator(parameters, file);
        _file = file;
    }

    /// <summary>The rules' nodes in <paramref name="builder"/>; throws <see cref="StrategyException"/> for a bad period or amount.</summary>
    public static StrategyRules Lower(CheckedStrategy strategy, GraphBuilder builder, IReadOnlyDictionary<string, double> parameters, string file)
    {
        var lowering = new GraphLowering(builder, parameters, file);
        var rules = StrategyRules.None;
        foreach (var statement in strategy.Statements)
        {
            switch (statement)
            {
                case SeriesStatement s:
                    lowering._named[s.Name.Text] = lowering.Value(s.Value);
                    break;
                case RuleStatement r:
                    int node = lowering.Node(r.Condition);
                    rules = r.Rule switch
                    {
                        RuleKind.Buy => rules with { Buy = node },
                        RuleKind.Sell => rules with { Sell = node },
                        RuleKind.Short => rules with { Short = node },
                        _ => rules with { Cover = node },
                    };
                    break;
            }
        }
        return rules;
    }

    private StrategyException Error(Expression at, string message) => new(new StrategyError(_file, at.Line, at.Column, message));

    /// <summary>An error about a whole argument, located where its text begins.</summary>
    private StrategyException ErrorAtStart(Expression at, string message) => new(new StrategyError(_file, at.Start.Line, at.Start.Column, message));

    private int Node(Expression e) => Value(e).Node;

    private FunctionValue Value(Expression e)
    {
        // A constant is folded, except one holding a comparison of nums: at a bar that comparison's ε includes close[k].
        if (e.IsConstant && e.Kind is { } kind && !e.ComparesNumbers)
        {
            double value = _constants.Evaluate(e);
            return FunctionValue.Single(kind == ValueKind.Bool ? _builder.Bool(value != 0) : _builder.Constant(value, kind));
        }
        return e switch
        {
            NameReference name when BuiltInNames.Series.TryGetValue(name.Name, out var op) => FunctionValue.Single(_builder.Series(op)),
            NameReference name => _named[name.Name],
            CallExpression call => Call(call),
            FieldExpression field => FunctionValue.Single(Value(field.Target).Fields![field.Field]),
            UnaryExpression u => FunctionValue.Single(_builder.Operator(u.Op, Node(u.Operand))),
            BinaryExpression b => FunctionValue.Single(_builder.Operator(b.Op, Node(b.Left), Node(b.Right))),
            ConditionalExpression c => FunctionValue.Single(_builder.Operator(NodeOp.Condition, Node(c.Condition), Node(c.WhenTrue), Node(c.WhenFalse))),
            LagExpression lag => FunctionValue.Single(_builder.Lag(Node(lag.Series), Count(lag.Bars, "the n of x[n]", 0))),
            _ => throw new InvalidOperationException($"{e.GetType().Name} cannot be lowered."),
        };
    }

    /// <summary>A constant int ≥ <paramref name="least"/> for these parameter values.</summary>
    private int Count(Expression e, string what, int least)
    {
        double value = _constants.Evaluate(e);
        if (double.IsNaN(value)) throw ErrorAtStart(e, $"{what} is na");
        if (value < least) throw ErrorAtStart(e, $"{what} must be ≥ {least}, got {StrategyParameter.Format(value)}");
        if (value > int.MaxValue) throw ErrorAtStart(e, $"{what} must be at most {int.MaxValue}, got {StrategyParameter.Format(value)}");
        return (int)value;
    }

    private FunctionValue Call(CallExpression call)
    {
        var function = FunctionCatalog.All[call.Name];
        var arguments = new FunctionArgument[call.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            var argument = call.Arguments[i];
            string name = $"the argument {function.ArgumentNames[i]} of {function.Usage}";
            arguments[i] = function.Arguments[i] switch
            {
                ArgumentKind.Period => FunctionArgument.OfConstant(Count(argument, $"{name} (a period)", 1)),
                ArgumentKind.Amount => FunctionArgument.OfConstant(Amount(argument, name)),
                _ => FunctionArgument.OfNode(Node(argument)),
            };
        }
        if (function.Check?.Invoke(arguments) is { } why) throw Error(call, why);
        return function.Lower(_builder, arguments);
    }

    private double Amount(Expression e, string what)
    {
        double value = _constants.Evaluate(e);
        if (double.IsNaN(value)) throw ErrorAtStart(e, $"{what} is na");
        if (value < 0) throw ErrorAtStart(e, $"{what} must be ≥ 0, got {StrategyParameter.Format(value)}");
        if (double.IsInfinity(value)) throw ErrorAtStart(e, $"{what} must be finite");
        return value;
    }
}
