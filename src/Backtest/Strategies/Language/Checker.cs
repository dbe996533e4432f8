using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// Checks a parsed file (strategies.md §2-§5): names defined once and before use, never shadowing a parameter, a
/// built-in series or a function; types (operators by <see cref="OperatorTyping"/>, functions by their lowering);
/// constants where periods, amounts and lags need them; the rules and the parameters' declarations. Reports every
/// error it finds, an expression with an error stays untyped so that it raises no second message.
/// </summary>
internal sealed class Checker
{
    private readonly string _file;
    private readonly List<StrategyError> _errors = [];
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _definedOnLine = new(StringComparer.Ordinal);

    private Checker(string file) => _file = file;

    /// <summary>What a name stands for: a parameter (a constant) or a named series, with its type and its line.</summary>
    private sealed record Symbol(bool IsParameter, Expression? Value, ValueKind? Kind, int Line);

    public static CheckedStrategy Check(IReadOnlyList<Statement> statements, string file, int endLine, int endColumn)
    {
        var checker = new Checker(file);
        var result = checker.Run(statements, endLine, endColumn);
        if (checker._errors.Count > 0) throw new StrategyException([.. checker._errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        return result;
    }

    private void Error(int line, int column, string message) => _errors.Add(new StrategyError(_file, line, column, message));

    /// <summary>An error at an operator or a name (where the expression is located).</summary>
    private void Error(Expression at, string message) => Error(at.Line, at.Column, message);

    /// <summary>An error about a whole expression (a condition, an argument), located where its text begins.</summary>
    private void ErrorAtStart(Expression at, string message) => Error(at.Start.Line, at.Start.Column, message);

    private CheckedStrategy Run(IReadOnlyList<Statement> statements, int endLine, int endColumn)
    {
        foreach (var statement in statements)
        {
            Token? name = statement switch
            {
                ParameterStatement p => p.Name,
                SeriesStatement s => s.Name,
                _ => null,
            };
            if (name is { } n) _definedOnLine.TryAdd(n.Text, n.Line);
        }

        string? strategyName = null, description = null;
        var parameters = new List<StrategyParameter>();
        var requirements = new List<RequireStatement>();
        var rules = new Dictionary<RuleKind, RuleStatement>();
        for (int i = 0; i < statements.Count; i++)
        {
            switch (statements[i])
            {
                case StrategyStatement s:
                    if (i > 0) Error(s.Line, s.Column, "'strategy NAME' must be the first statement");
                    strategyName = s.Name.Text;
                    description = s.Description;
                    break;
                case ParameterStatement p:
                    if (Parameter(p) is { } parameter) parameters.Add(parameter);
                    break;
                case RequireStatement r:
                    Expression(r.Condition);
                    if (r.Condition.HasError) break;
                    if (r.Condition.Kind != ValueKind.Bool) ErrorAtStart(r.Condition, $"a require condition must be a bool, got {Describe(r.Condition)}");
                    else if (!r.Condition.IsConstant) ErrorAtStart(r.Condition, "a require condition must be a constant: literals and parameters only, checked before any data is read");
                    else requirements.Add(r);
                    break;
                case SeriesStatement s:
                    Expression(s.Value);
                    if (Define(s.Name)) _symbols[s.Name.Text] = new Symbol(false, s.Value, s.Value.Kind, s.Line);
                    break;
                case RuleStatement r:
                    Expression(r.Condition);
                    if (!r.Condition.HasError && r.Condition.Kind != ValueKind.Bool)
                        ErrorAtStart(r.Condition, $"the condition of '{Word(r.Rule)} when' must be a bool, got {Describe(r.Condition)}");
                    if (rules.TryGetValue(r.Rule, out var first))
                        Error(r.Line, r.Column, $"'{Word(r.Rule)}' appears twice (first on line {first.Line}): each rule appears at most once");
                    else
                        rules[r.Rule] = r;
                    break;
            }
        }

        if (!rules.ContainsKey(RuleKind.Buy) && !rules.ContainsKey(RuleKind.Short))
            Error(endLine, endColumn, "the strategy has no 'buy when' nor 'short when' rule: it needs at least one");
        if (rules.TryGetValue(RuleKind.Sell, out var sell) && !rules.ContainsKey(RuleKind.Buy))
            Error(sell.Line, sell.Column, "'sell' without 'buy': there is no long position to exit");
        if (rules.TryGetValue(RuleKind.Cover, out var cover) && !rules.ContainsKey(RuleKind.Short))
            Error(cover.Line, cover.Column, "'cover' without 'short': there is no short position to exit");

        return new CheckedStrategy(strategyName, description, parameters, requirements, statements, endLine, endColumn);
    }

    private static string Word(RuleKind rule) => rule.ToString().ToLowerInvariant();

    /// <summary>Whether <paramref name="name"/> may be defined here; reports why not.</summary>
    private bool Define(Token name)
    {
        string why = BuiltInNames.Series.ContainsKey(name.Text) ? $"'{name.Text}' is a built-in series"
            : FunctionCatalog.All.ContainsKey(name.Text) ? $"'{name.Text}' is a function"
            : _symbols.TryGetValue(name.Text, out var existing) ? $"'{name.Text}' is already defined on line {existing.Line}"
            : "";
        if (why.Length == 0) return true;
        Error(name.Line, name.Column, $"{why}: a name is defined once and shadows nothing; choose another name");
        return false;
    }

    private StrategyParameter? Parameter(ParameterStatement p)
    {
        string name = p.Name.Text;
        if (BuiltInNames.RunOptions.Contains(name))
        {
            Error(p.Name.Line, p.Name.Column, $"'{name}' is an option of the run (semantics §4), not a strategy parameter: give it on the command line");
            return null;
        }
        var kind = p.Default.IsInt ? ValueKind.Int : ValueKind.Num;
        var parameter = new StrategyParameter(name, kind, p.Default.Value, p.Min?.Value, p.Max?.Value, p.Name.Line, p.Name.Column);
        bool valid = true;
        if (p.Min is { } min && p.Max is { } max)
        {
            if (min.Value > max.Value)
            {
                Error(min.Line, min.Column, $"the range {min.Text}..{max.Text} is empty: its low end is above its high end");
                valid = false;
            }
            else if (kind == ValueKind.Int && Math.Ceiling(min.Value) > Math.Floor(max.Value))
            {
                Error(min.Line, min.Column, $"the range {min.Text}..{max.Text} holds no int for the int parameter '{name}'");
                valid = false;
            }
        }
        if (valid && parameter.Refuse(p.Default.Value) is { } why)
        {
            Error(p.Default.Line, p.Default.Column, $"the default of '{name}': {why}");
            valid = false;
        }
        if (!Define(p.Name)) return null;
        _symbols[name] = new Symbol(true, null, kind, p.Line);
        return valid ? parameter : null;
    }

    /// <summary>"an int", "a num", "a bool", or "several outputs" for a multi-output value.</summary>
    private static string Describe(Expression e) => e.Kind is { } kind ? OperatorTyping.Name(kind) : "a value with several fields";

    /// <summary>Types <paramref name="e"/> and its operands.</summary>
    private void Expression(Expression e)
    {
        foreach (var child in e.Children) Expression(child);
        if (e.Children.Any(c => c.HasError)) return;
        e.IsConstant = e.Children.All(c => c.IsConstant);
        e.ComparesNumbers = e.Children.Any(c => c.ComparesNumbers);
        switch (e)
        {
            case NumberLiteral n:
                e.Kind = n.IsInt ? ValueKind.Int : ValueKind.Num;
                e.IsConstant = true;
                break;
            case BoolLiteral:
                e.Kind = ValueKind.Bool;
                e.IsConstant = true;
                break;
            case NameReference name:
                Name(name);
                break;
            case UnaryExpression or BinaryExpression or ConditionalExpression:
                Operator(e);
                break;
            case LagExpression lag:
                if (!SingleValue(lag.Series) || !SingleValue(lag.Bars)) return;
                if (!lag.Bars.IsConstant || lag.Bars.Kind != ValueKind.Int)
                {
                    ErrorAtStart(lag.Bars, $"the n of x[n] must be a constant int ≥ 0 (literals and parameters only), got {(lag.Bars.IsConstant ? Describe(lag.Bars) : "a series")}");
                    return;
                }
                e.Kind = lag.Series.Kind;
                e.IsConstant = false;
                break;
            case FieldExpression field:
                Field(field);
                break;
            case CallExpression call:
                Call(call);
                break;
        }
    }

    private void Name(NameReference name)
    {
        if (BuiltInNames.Series.TryGetValue(name.Name, out var op))
        {
            name.Kind = op == NodeOp.Bar ? ValueKind.Int : ValueKind.Num;
            name.IsConstant = false;
        }
        else if (_symbols.TryGetValue(name.Name, out var symbol))
        {
            name.IsConstant = symbol.IsParameter;
            if (symbol.Value is { } value)
            {
                // A named series is a series even when its expression is constant: a constant is literals and
                // parameters only (strategies.md §1), and the evaluator of constants never follows names.
                name.Kind = value.Kind;
                name.Fields = value.Fields;
                name.IsConstant = false;
            }
            else
            {
                name.Kind = symbol.Kind;
            }
            // A named series whose expression had an error stays untyped: its error is already reported.
        }
        else if (FunctionCatalog.All.TryGetValue(name.Name, out var function))
        {
            Error(name, $"'{name.Name}' is a function: call it as {function.Usage}");
        }
        else if (_definedOnLine.TryGetValue(name.Name, out int line) && line >= name.Line)
        {
            Error(name, $"'{name.Name}' is used before it is defined (line {line}): define a name before using it");
        }
        else if (!_definedOnLine.ContainsKey(name.Name))
        {
            Error(name, $"unknown name '{name.Name}'");
        }
    }

    /// <summary>Whether <paramref name="e"/> is one value; reports a multi-output value used as one.</summary>
    private bool SingleValue(Expression e)
    {
        if (e.Fields is null) return true;
        string what = e is CallExpression call ? $"{call.Name}(...)" : e is NameReference name ? $"'{name.Name}'" : "this value";
        Error(e, $"{what} has several fields ({string.Join(", ", e.Fields.Keys)}): use one, e.g. {what.Trim('\'')}.{e.Fields.Keys.First()}");
        return false;
    }

    private void Operator(Expression e)
    {
        if (!e.Children.All(SingleValue)) return;
        var op = e switch
        {
            UnaryExpression u => u.Op,
            BinaryExpression b => b.Op,
            _ => NodeOp.Condition,
        };
        Span<ValueKind> kinds = stackalloc ValueKind[e.Children.Count];
        for (int i = 0; i < kinds.Length; i++) kinds[i] = e.Children[i].Kind!.Value;
        var kind = OperatorTyping.Result(op, kinds, out string? error);
        if (kind is null)
        {
            Error(e, error!);
            return;
        }
        e.Kind = kind;
        bool isComparison = op is >= NodeOp.Greater and <= NodeOp.NotEqual;
        if (isComparison && !OperatorTyping.ComparesExactly(kinds[0], kinds[1])) e.ComparesNumbers = true;
    }

    private void Field(FieldExpression field)
    {
        var target = field.Target;
        if (target.Fields is null)
        {
            Error(field, $"'.{field.Field}': {Describe(target)} has no fields (only macd, bollinger, stoch, donchian and keltner have)");
            return;
        }
        if (!target.Fields.TryGetValue(field.Field, out var kind))
        {
            Error(field, $"no field '{field.Field}': the fields are {string.Join(", ", target.Fields.Keys)}");
            return;
        }
        field.Kind = kind;
        field.IsConstant = false;
    }

    private void Call(CallExpression call)
    {
        call.IsConstant = false;
        if (!FunctionCatalog.All.TryGetValue(call.Name, out var function))
        {
            bool isName = BuiltInNames.Series.ContainsKey(call.Name) || _symbols.ContainsKey(call.Name);
            Error(call, isName ? $"'{call.Name}' is not a function" : $"unknown function '{call.Name}'");
            return;
        }
        var arguments = call.Arguments;
        if (arguments.Count != function.Arguments.Count)
        {
            Error(call, $"{function.Usage} takes {function.Arguments.Count} argument{(function.Arguments.Count == 1 ? "" : "s")}, got {arguments.Count}");
            return;
        }
        bool ok = true;
        for (int i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!SingleValue(argument))
            {
                ok = false;
                continue;
            }
            string name = $"the argument {function.ArgumentNames[i]} of {function.Usage}";
            string? why = function.Arguments[i] switch
            {
                ArgumentKind.Series when argument.Kind == ValueKind.Bool => $"{name} must be a number, got a bool",
                ArgumentKind.Period when !argument.IsConstant => $"{name} is a period: a constant int ≥ 1 (literals and parameters only), got a series",
                ArgumentKind.Period when argument.Kind != ValueKind.Int => $"{name} is a period: a constant int ≥ 1, got {Describe(argument)}",
                ArgumentKind.Amount when !argument.IsConstant => $"{name} must be a constant num ≥ 0 (literals and parameters only), got a series",
                ArgumentKind.Amount when argument.Kind == ValueKind.Bool => $"{name} must be a constant num ≥ 0, got a bool",
                _ => null,
            };
            if (why is null) continue;
            ErrorAtStart(argument, why);
            ok = false;
        }
        if (ok) TypeOfCall(call, function);
    }

    /// <summary>
    /// The type of a call, from the function's own lowering on stand-ins of its arguments' types: the result types
    /// (sum of ints is an int, macd has three num fields...) are then the graph's rules, not a second copy of them.
    /// </summary>
    private void TypeOfCall(CallExpression call, FunctionSignature function)
    {
        var scratch = new GraphBuilder();
        var arguments = new FunctionArgument[call.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = function.Arguments[i] switch
            {
                ArgumentKind.Period => FunctionArgument.OfConstant(1),
                ArgumentKind.Amount => FunctionArgument.OfConstant(0),
                _ => FunctionArgument.OfNode(call.Arguments[i].Kind switch
                {
                    ValueKind.Bool => scratch.Bool(true),
                    ValueKind.Int => scratch.Series(NodeOp.Bar),
                    _ => scratch.Series(NodeOp.Close),
                }),
            };
        }
        FunctionValue value;
        try
        {
            value = function.Lower(scratch, arguments);
        }
        catch (ArgumentException e)
        {
            string message = e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;
            Error(call, $"{function.Usage}: {message}");
            return;
        }
        if (value.Fields is { } fields)
            call.Fields = fields.ToDictionary(f => f.Key, f => scratch[f.Value].Kind, StringComparer.Ordinal);
        else
            call.Kind = scratch[value.Node].Kind;
    }
}
