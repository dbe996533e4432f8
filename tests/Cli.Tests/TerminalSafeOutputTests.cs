using System.Text.Json;
using Backtest.Cli.Terminal;
using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// Control characters in names the user's data supplies (file names, symbol cells) reach the terminal escaped, so a
/// name cannot recolour, retitle or rewrite the screen; result files keep the real names.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class TerminalSafeOutputTests : IDisposable
{
    private const string Esc = "\u001b";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-terminal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("plain AAPL.csv", "plain AAPL.csv")]
    [InlineData("red\u001b[31mX", "red\\x1B[31mX")]
    [InlineData("title\u001b]0;pwned\u0007", "title\\x1B]0;pwned\\x07")]
    [InlineData("over\rwrite", "over\\x0Dwrite")]
    [InlineData("c1\u009b31m", "c1\\x9B31m")]
    [InlineData("bidi\u202Eevil", "bidi\\u202Eevil")]
    [InlineData("lines\nand\ttabs\r\n", "lines\nand\ttabs\r\n")]
    public void Escape_writes_control_characters_as_visible_codes_and_keeps_line_breaks_and_tabs(string text, string expected)
    {
        Assert.Equal(expected, TerminalText.Escape(text));
    }

    [Fact]
    public void The_progress_bar_writes_its_own_escape_sequences_under_the_safe_writer()
    {
        using var raw = new StringWriter();
        var safe = new TerminalSafeWriter(raw);
        safe.Write($"a{Esc}[1m");
        TerminalSafeWriter.Unwrap(safe).Write($"{Esc}[2K");

        Assert.Equal($"a\\x1B[1m{Esc}[2K", raw.ToString());
    }

    [Fact]
    public void Run_prints_escaped_file_and_symbol_names_and_keeps_the_real_ones_in_its_files()
    {
        // One file named with an escape sequence holding one invalid row; one symbol cell with an OSC title sequence.
        string data = Path.Combine(_dir, "data");
        var bars = TestBars.Ragged(2, 3);
        TestBars.WriteCsv(data, bars);
        string evilFile = Path.Combine(data, $"EVIL{Esc}[31m.csv");
        File.Move(Path.Combine(data, "SYN0001.csv"), evilFile);
        var lines = File.ReadAllLines(evilFile).ToList();
        lines.Insert(1, "2024-01-02T14:30:00Z,10,9,9,10,1");   // high below open: invalid, reported with the file name
        File.WriteAllLines(evilFile, lines);
        string symbolFile = Path.Combine(data, "SYN0002.csv");
        string evilSymbol = $"T{Esc}]0;pwned\u0007";
        File.WriteAllLines(symbolFile, File.ReadAllLines(symbolFile).Select((l, i) => i == 0 ? l + ",symbol" : $"{l},{evilSymbol}"));

        string outDir = Path.Combine(_dir, "out");
        var r = Bt.Run(null, "run", "--data", data, "--threshold", "2", "--out", outDir, "--progress", "lines");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain(Esc, r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Esc, r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", r.Out + r.Error, StringComparison.Ordinal);
        Assert.Contains("EVIL\\x1B[31m.csv:2: high 9 is below max(open, close) = 10", r.Out + r.Error, StringComparison.Ordinal);
        Assert.Contains("T\\x1B]0;pwned\\x07", r.Out, StringComparison.Ordinal);

        var symbols = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "results.json"))).RootElement.GetProperty("symbols")
            .EnumerateArray().Select(s => s.GetProperty("symbol").GetString()).ToArray();
        Assert.Contains(evilSymbol, symbols);
        Assert.Contains($"EVIL{Esc}[31m.csv:2:", File.ReadAllText(Path.Combine(outDir, "load_issues.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_naming_the_path_prints_it_escaped()
    {
        var r = Bt.Run(null, "run", "--data", Path.Combine(_dir, $"missing{Esc}[2J"), "--out", Path.Combine(_dir, "o"));
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain(Esc, r.Error, StringComparison.Ordinal);
        Assert.Contains("missing\\x1B[2J", r.Error, StringComparison.Ordinal);
    }
}
