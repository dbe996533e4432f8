using System.Text;

namespace Backtest.Cli.Terminal;

/// <summary>
/// A console writer that passes everything through <see cref="TerminalText.Escape"/>: every command prints its reports,
/// messages, warnings and errors through <see cref="Out"/> and <see cref="Error"/>, so every line is safe whatever names it
/// quotes. The live progress bar writes its own escape sequences to the writer underneath (<see cref="Unwrap"/>; it shows
/// no names).
/// </summary>
/// <remarks>
/// It is handed to the commands rather than installed with Console.SetOut: the runtime's console stream locks the
/// current Console.Out on every write, so a synchronized writer installed over another one is locked in the opposite
/// order by a thread writing to the one underneath (xunit's reporter does, and the tests hung on it). This writer holds
/// no lock and keeps no state: each call goes to the console writer of the moment, which does its own locking.
/// </remarks>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    public TextWriter Inner { get; } = inner;

    /// <summary>Console.Out as it is now, made safe.</summary>
    public static TextWriter Out => new TerminalSafeWriter(Console.Out);

    /// <summary>Console.Error as it is now, made safe.</summary>
    public static TextWriter Error => new TerminalSafeWriter(Console.Error);

    public override Encoding Encoding => Inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => Inner.NewLine;
        set => Inner.NewLine = value;
    }

    /// <summary>The writer under a safe one (for output that must write raw escape sequences); any other as it is.</summary>
    public static TextWriter Unwrap(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer is TerminalSafeWriter safe ? safe.Inner : writer;
    }

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

    public override void WriteLine(string? value) => Inner.WriteLine(value == null ? null : TerminalText.Escape(value));

    public override void Flush() => Inner.Flush();

    public override Task FlushAsync() => Inner.FlushAsync();
}
