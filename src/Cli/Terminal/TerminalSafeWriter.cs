using System.Text;

namespace Backtest.Cli.Terminal;

/// <summary>
/// A console writer that passes everything through <see cref="TerminalText.Escape"/>: installed over stdout and
/// stderr for the length of a command (<see cref="Program.Run"/>), so every report, message, warning and error line
/// is safe whatever names it quotes, without each writer having to remember. The live progress bar writes its own
/// escape sequences to <see cref="Inner"/> (it shows no names).
/// </summary>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    public TextWriter Inner { get; } = inner;

    public override Encoding Encoding => Inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => Inner.NewLine;
        set => Inner.NewLine = value;
    }

    /// <summary>The writer under any <see cref="TerminalSafeWriter"/> (for output that must write raw escape sequences).</summary>
    public static TextWriter Unwrap(TextWriter writer) => writer is TerminalSafeWriter safe ? safe.Inner : writer;

    public override void Write(char value)
    {
        if (TerminalText.IsUnsafe(value)) Inner.Write(TerminalText.Escape(value.ToString()));
        else Inner.Write(value);
    }

    public override void Write(string? value)
    {
        if (value != null) Inner.Write(TerminalText.Escape(value));
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

    public override void WriteLine() => Inner.WriteLine();

    public override void WriteLine(string? value)
    {
        Write(value);
        Inner.WriteLine();
    }

    public override void Flush() => Inner.Flush();

    public override Task FlushAsync() => Inner.FlushAsync();
}
