using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// A strategy file that parsed and type-checked (strategies.md §1-§5): its name, description, text and the SHA-256 of
/// its bytes (results.json names the strategy by both), its parameters and requirements. Instantiate it with a set of
/// parameter values to get the graph an engine runs.
/// </summary>
public sealed class StrategyDefinition
{
    private readonly CheckedStrategy _checked;

    internal StrategyDefinition(CheckedStrategy strategy, string fileName, string source, string sha256)
    {
        _checked = strategy;
        FileName = fileName;
        Source = source;
        Sha256 = sha256;
        Name = strategy.Name ?? Path.GetFileNameWithoutExtension(fileName);
        Description = strategy.Description ?? "";
        Parameters = strategy.Parameters;
        Requires = [.. strategy.Requirements.Select(r => new StrategyRequirement(r.Text, r.Message, r.Line, r.Column))];
    }

    /// <summary>The <c>strategy</c> statement's name, or the file's name without its extension.</summary>
    public string Name { get; }

    /// <summary>The <c>strategy</c> statement's description, or "".</summary>
    public string Description { get; }

    /// <summary>The file as its errors name it.</summary>
    public string FileName { get; }

    /// <summary>The file's text.</summary>
    public string Source { get; }

    /// <summary>The SHA-256 of the file's bytes as read, lower-case hex.</summary>
    public string Sha256 { get; }

    public IReadOnlyList<StrategyParameter> Parameters { get; }

    public IReadOnlyList<StrategyRequirement> Requires { get; }

    public bool GoesLong => _checked.Has(RuleKind.Buy);

    public bool GoesShort => _checked.Has(RuleKind.Short);

    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public StrategyParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>The strategy with its defaults.</summary>
    public StrategyInstance Instantiate() => Instantiate(new Dictionary<string, double>());

    /// <summary>
    /// The strategy with <paramref name="overrides"/> (from the command line or a grid) over its defaults, its
    /// requirements checked and its graph built; throws <see cref="StrategyException"/> (strategies.md §7).
    /// </summary>
    public StrategyInstance Instantiate(IReadOnlyDictionary<string, double> overrides)
    {
        var builder = new GraphBuilder();
        var values = Values(overrides);
        var rules = GraphLowering.Lower(_checked, builder, values, FileName);
        return new StrategyInstance(this, values, builder.Build(rules));
    }

    /// <summary>
    /// Lowers the strategy with <paramref name="overrides"/> into a shared <paramref name="builder"/>, so that many
    /// parameter sets (a grid tile) share one node pool and compute each equal sub-expression once; returns the rules.
    /// </summary>
    public StrategyRules Lower(GraphBuilder builder, IReadOnlyDictionary<string, double> overrides) =>
        GraphLowering.Lower(_checked, builder, Values(overrides), FileName);

    /// <summary>Every parameter's value: the defaults with the overrides checked and applied; then the requirements checked.</summary>
    public IReadOnlyDictionary<string, double> Values(IReadOnlyDictionary<string, double> overrides)
    {
        var errors = new List<StrategyError>();
        var values = Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            if (Parameter(name) is not { } parameter)
            {
                string known = Parameters.Count == 0 ? "it has none" : "its parameters are " + string.Join(", ", Parameters.Select(p => p.Name));
                errors.Add(new StrategyError(FileName, 0, 0, $"unknown parameter '{name}' given on the command line: the strategy {Name} has no such parameter ({known})"));
            }
            else if (parameter.Refuse(value) is { } why)
            {
                errors.Add(new StrategyError(FileName, parameter.Line, parameter.Column, $"parameter '{name}' = {StrategyParameter.Format(value)} from the command line: {why}"));
            }
            else
            {
                values[name] = value;
            }
        }
        if (errors.Count > 0) throw new StrategyException(errors);

        var constants = new ConstantEvaluator(values, FileName);
        foreach (var requirement in _checked.Requirements)
        {
            double holds = constants.Evaluate(requirement.Condition);
            if (holds == 1) continue;
            string what = requirement.Message ?? $"the requirement '{requirement.Text}' does not hold";
            string parameters = string.Join(", ", Parameters.Where(p => Mentions(requirement.Condition, p.Name)).Select(p => $"{p.Name} = {StrategyParameter.Format(values[p.Name])}"));
            string detail = (double.IsNaN(holds) ? "it is na" : "") + (parameters.Length > 0 && double.IsNaN(holds) ? "; " : "") + parameters;
            errors.Add(new StrategyError(FileName, requirement.Line, requirement.Column, detail.Length > 0 ? $"{what} ({detail})" : what));
        }
        if (errors.Count > 0) throw new StrategyException(errors);
        return values;
    }

    private static bool Mentions(Expression e, string name) =>
        e is NameReference reference ? reference.Name == name : e.Children.Any(c => Mentions(c, name));
}
