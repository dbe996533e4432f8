namespace Backtest.Cli.CommandLine;

/// <summary>
/// Checks a command line against its command's <see cref="CommandSyntax"/> before Cocona runs it, for the two
/// mistakes Cocona lets through or reports bare: a stray positional argument, which Cocona ignores
/// (`--memory-budget 512 MB` ran with a 512-byte budget), and an unknown option, which gets a hint of the
/// option meant. Anything else (unknown command, missing value, unreadable number) is left to Cocona.
/// </summary>
public sealed class CommandLineCheck(IReadOnlyList<CommandSyntax> commands)
{
    /// <summary>The problems of <paramref name="args"/>, one line each ("bt run: ..."); empty when it may run.</summary>
    /// <param name="parameterOptions">The chosen strategy's parameters as options (sma-fast), offered where an unknown option is near one.</param>
    public IReadOnlyList<string> Problems(IReadOnlyList<string> args, IReadOnlyList<string>? parameterOptions = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (syntax, first) = Find(args);
        if (syntax is null) return [];
        var problems = new List<string>();
        string who = $"bt {syntax.Name}";
        int arguments = 0;
        string? lastOption = null; // the option whose value the previous word was
        for (int i = first; i < args.Count; i++)
        {
            string word = args[i];
            if (word == "--")
            {
                for (int k = i + 1; k < args.Count; k++) Positional(args[k], null);
                break;
            }
            if (word.StartsWith('-') && word.Length > 1 && !double.TryParse(word, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                string name = word.TrimStart('-');
                int equals = name.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0) name = name[..equals];
                lastOption = null;
                if (!syntax.OptionIsFlag.TryGetValue(name, out bool flag))
                {
                    string? meant = EditDistance.Closest(name, [.. syntax.OptionIsFlag.Keys, .. parameterOptions ?? []]);
                    problems.Add(meant is null
                        ? $"{who}: unknown option {word} (`{who} --help` lists the options)."
                        : $"{who}: unknown option {word}; did you mean --{meant}?");
                    // Whether it meant to take a value is unknown: a next word that is no option is taken as its value.
                    if (equals < 0 && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
                    continue;
                }
                if (!flag && equals < 0 && i + 1 < args.Count)
                {
                    i++;
                    lastOption = name;
                }
                continue;
            }
            Positional(word, lastOption is null ? null : (lastOption, args[i - 1]));
            lastOption = null;
        }
        return problems;

        void Positional(string word, (string Option, string Value)? after)
        {
            arguments++;
            if (arguments <= syntax.MaxArguments) return;
            string takes = syntax.MaxArguments switch
            {
                0 => $"{who} takes no arguments, only --options",
                1 => $"{who} takes one argument",
                int n => $"{who} takes {n} arguments",
            };
            problems.Add(after is var (option, value)
                ? $"{who}: unexpected argument '{word}' after --{option} {value}: an option's value is one word (--{option} {value}{word}); {takes}."
                : $"{who}: unexpected argument '{word}': {takes}.");
        }
    }

    /// <summary>
    /// <paramref name="args"/> with the chosen strategy's parameters written as options (<c>--sma-fast 10</c>) turned into
    /// <c>--param sma_fast=10</c> (<see cref="StrategyOptionAliases"/>), for the commands that take <c>--param</c>. The
    /// strategy is <c>--strategy</c>'s value (the default otherwise), or <c>bt strategies check</c>'s argument. When it
    /// does not compile, the words are left as they are: the command reports its errors.
    /// </summary>
    /// <returns>The words, and the strategy's parameters as options (for <see cref="Problems"/>' hints); none when it did not compile.</returns>
    public (string[] Args, IReadOnlyList<string> ParameterOptions) WithStrategyAliases(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (syntax, first) = Find(args);
        if (syntax is null || !syntax.OptionIsFlag.ContainsKey(Running.ParameterOverrides.OptionName)) return ([.. args], []);
        string strategy = syntax.OptionIsFlag.ContainsKey("strategy")
            ? OptionValue(args, first, "strategy") ?? Strategies.Library.StrategyLibrary.DefaultName
            : first < args.Count && !args[first].StartsWith('-') ? args[first] : "";
        Backtest.Strategies.Language.StrategyDefinition definition;
        try
        {
            definition = Strategies.Library.StrategyLibrary.Load(strategy);
        }
        catch (Backtest.Strategies.Language.StrategyException)
        {
            return ([.. args], []);
        }
        return ([.. args.Take(first), .. StrategyOptionAliases.Rewrite([.. args.Skip(first)], definition, syntax.OptionIsFlag)],
            [.. definition.Parameters.Select(p => p.Name.Replace('_', '-'))]);
    }

    /// <summary>The value of --<paramref name="name"/> VALUE or --<paramref name="name"/>=VALUE (the last one given), before any "--".</summary>
    private static string? OptionValue(IReadOnlyList<string> args, int first, string name)
    {
        string? value = null;
        for (int i = first; i < args.Count; i++)
        {
            if (args[i] == "--") break;
            if (args[i] == "--" + name && i + 1 < args.Count) value = args[++i];
            else if (args[i].StartsWith("--" + name + "=", StringComparison.Ordinal)) value = args[i][(name.Length + 3)..];
        }
        return value;
    }

    // The command named by the leading words (run; data synth), and where its options begin; null for help,
    // --version or an unknown command, which Cocona answers itself.
    private (CommandSyntax? Syntax, int First) Find(IReadOnlyList<string> args)
    {
        if (Program.AsksForHelp(args)) return (null, 0);
        CommandSyntax? found = null;
        int first = 0;
        foreach (var command in commands)
        {
            string[] words = command.Name.Split(' ');
            if (words.Length > args.Count || (found is not null && words.Length <= first)) continue;
            if (words.Select((w, k) => w == args[k]).All(m => m))
            {
                found = command;
                first = words.Length;
            }
        }
        return (found, first);
    }
}
