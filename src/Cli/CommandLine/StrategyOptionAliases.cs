using Backtest.Cli.Running;
using Backtest.Strategies.Language;

namespace Backtest.Cli.CommandLine;

/// <summary>
/// A strategy's parameters written as options (docs/strategies.md): <c>--NAME VALUE</c> or <c>--NAME=VALUE</c>, with the
/// parameter's underscores written as dashes or not (<c>--sma-fast 10</c> for s3's <c>sma_fast</c>, as the spec-era
/// S3 options read), mean <c>--param NAME=VALUE</c>. <see cref="Rewrite"/> turns them into that form before the command
/// line is checked and parsed, so one parser (<see cref="ParameterOverrides"/>) reads every override.
/// </summary>
public static class StrategyOptionAliases
{
    /// <summary>
    /// <paramref name="args"/> with each option that names a parameter of <paramref name="strategy"/> rewritten as
    /// <c>--param NAME=VALUE</c>. An option the command declares itself (<paramref name="commandOptions"/>: name →
    /// whether it is a flag) is never rewritten, nor is its value looked at; nor is any word after <c>--</c>. Anything
    /// else is kept as it is, for the command line's own checks to judge.
    /// </summary>
    public static string[] Rewrite(IReadOnlyList<string> args, StrategyDefinition strategy, IReadOnlyDictionary<string, bool> commandOptions)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(commandOptions);
        var rewritten = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            string word = args[i];
            if (word == "--")
            {
                rewritten.AddRange(args.Skip(i));
                break;
            }
            if (!word.StartsWith("--", StringComparison.Ordinal) || word.Length == 2)
            {
                rewritten.Add(word);
                continue;
            }
            string name = word[2..];
            int equals = name.IndexOf('=', StringComparison.Ordinal);
            string? value = equals >= 0 ? name[(equals + 1)..] : null;
            if (equals >= 0) name = name[..equals];

            if (commandOptions.TryGetValue(name, out bool flag))
            {
                rewritten.Add(word);
                // The command's own value, whatever it looks like (--tickers sma-fast.txt, --threshold -1).
                if (!flag && value is null && i + 1 < args.Count) rewritten.Add(args[++i]);
                continue;
            }
            if (strategy.Parameter(name.Replace('-', '_')) is not { } parameter)
            {
                rewritten.Add(word);
                continue;
            }
            // The next word is the value whatever it looks like (--threshold -1); none at the end of the line is an
            // empty value, which the parser refuses naming the parameter.
            if (value is null && i + 1 < args.Count) value = args[++i];
            rewritten.Add("--" + ParameterOverrides.OptionName);
            rewritten.Add($"{parameter.Name}={value}");
        }
        return [.. rewritten];
    }
}
