using System.Text;
using System.Text.RegularExpressions;
using Backtest.Strategies.Language;
using Backtest.Strategies.Library;
using Xunit;

namespace Backtest.Tests.Strategies.Language;

/// <summary>
/// Mutations of every built-in file (characters and tokens deleted, duplicated, swapped; operators, keywords and
/// digits inserted; truncation), from a fixed seed: each either compiles and instantiates, or throws a
/// <see cref="StrategyException"/> whose every error reads FILE:LINE:COLUMN: message with the line inside the file.
/// Never another exception, never a hang.
/// </summary>
public partial class StrategyFuzzTests
{
    private const int Cases = 4000;
    private const int Seed = 20261207;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly string[] Insertions =
    [
        "+", "-", "*", "/", "?", ":", "(", ")", "[", "]", ",", ".", "..", "=", "==", "!=", "<", ">=", "and", "or", "not",
        "strategy", "param", "require", "when", "in", "buy", "sell", "short", "cover", "true", "false", "\n", "\n+", "#",
        "\"", "\\", "0", "1", "9", "12.", ".5", "1e", "2e-3", "9007199254740993", "-1", "0.0", "x", "close", "bar", "sma(",
        "macd(close, 26, 12, 9)", ".line", "\t", " ", "é", "\u0000",
    ];

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"^fuzz\.bt:(\d+):(\d+): \S[^\n]*$")]
    private static partial Regex WellFormed();

    [Fact]
    public async Task Every_mutation_of_every_built_in_compiles_or_fails_with_a_located_message()
    {
        var random = new Random(Seed);
        var sources = StrategyLibrary.Names.Select(n => Encoding.UTF8.GetString(StrategyLibrary.Source(n)!)).ToList();
        int compiled = 0, rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            string source = Mutate(random, sources[random.Next(sources.Count)]);
            var run = Task.Run(() =>
            {
                try
                {
                    StrategyCompiler.Parse(source, "fuzz.bt").Instantiate();
                    return null;
                }
                catch (Exception e)
                {
                    return e;
                }
            }, TestContext.Current.CancellationToken);
            Exception? thrown;
            try
            {
                thrown = await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"case {i} hangs:\n{source}");
                return;
            }
            if (thrown is null)
            {
                compiled++;
                continue;
            }
            var e = Assert.IsType<StrategyException>(thrown, exactMatch: false);
            int lines = source.Count(c => c == '\n') + 1;
            foreach (var error in e.Errors)
            {
                var match = WellFormed().Match(error.ToString());
                Assert.True(match.Success, $"case {i}: malformed error '{error}' for:\n{source}");
                int line = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                int column = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(line >= 1 && line <= lines && column >= 1, $"case {i}: '{error}' is outside the file of {lines} lines:\n{source}");
            }
            rejected++;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{Cases} mutations: {compiled} compiled, {rejected} rejected with located errors.");
        Assert.True(compiled > 0 && rejected > 0, $"{compiled} compiled, {rejected} rejected: the mutations should do both");
    }

    private static string Mutate(Random random, string source)
    {
        var text = new StringBuilder(source);
        int rounds = 1 + random.Next(3);
        for (int r = 0; r < rounds; r++)
        {
            int at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(9))
            {
                case 0 when text.Length > 0:
                    text.Remove(at, 1);
                    break;
                case 1 when text.Length > 0:
                    text.Insert(at, text[at]);
                    break;
                case 2 when text.Length > 1:
                    int other = random.Next(text.Length);
                    (text[at], text[other]) = (text[other], text[at]);
                    break;
                case 3:
                    text.Insert(at, Insertions[random.Next(Insertions.Length)]);
                    break;
                case 5:
                    // A name of the file somewhere else: a series where a period is expected, a use before a definition.
                    var words = Word().Matches(source);
                    text.Insert(at, words[random.Next(words.Count)].Value);
                    break;
                case 4:
                    text.Length = at;
                    break;
                default:
                    MutateTokens(random, text);
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Deletes, duplicates or swaps whole space-separated tokens.</summary>
    private static void MutateTokens(Random random, StringBuilder text)
    {
        var tokens = text.ToString().Split(' ');
        if (tokens.Length < 2) return;
        var list = tokens.ToList();
        int a = random.Next(list.Count), b = random.Next(list.Count);
        switch (random.Next(3))
        {
            case 0:
                list.RemoveAt(a);
                break;
            case 1:
                list.Insert(b, list[a]);
                break;
            default:
                (list[a], list[b]) = (list[b], list[a]);
                break;
        }
        text.Clear().Append(string.Join(' ', list));
    }
}
