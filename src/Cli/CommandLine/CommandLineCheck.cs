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
    public IReadOnlyList<string> Problems(IReadOnlyList<string> args)
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
                    string? meant = EditDistance.Closest(name, syntax.OptionIsFlag.Keys);
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
