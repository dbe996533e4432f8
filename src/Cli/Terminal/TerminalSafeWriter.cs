using System.Runtime.CompilerServices;
using System.Text;

namespace Backtest.Cli.Terminal;

/// <summary>
/// A console writer that passes everything through <see cref="TerminalText.Escape"/>: installed over stdout and
/// stderr for the length of a command (<see cref="Install"/>, from <see cref="Program.Run"/>), so every report,
/// message, warning and error line is safe whatever names it quotes, without each writer having to remember. The
/// live progress bar writes its own escape sequences to the writer underneath (<see cref="Unwrap"/>; it shows no names).
/// </summary>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    // Console.SetOut/SetError wrap what they are given in a synchronized writer: remember what lies under those.
    private static readonly ConditionalWeakTable<TextWriter, TextWriter> Underneath = new();

    public TextWriter Inner { get; } = inner;

    public override Encoding Encoding => Inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => Inner.NewLine;
        set => Inner.NewLine = value;
    }

    /// <summary>Makes Console.Out and Console.Error safe until the result is disposed, which restores them.</summary>
    public static IDisposable Install() => new Installation();

    /// <summary>The writer under a safe one (for output that must write raw escape sequences); any other as it is.</summary>
    public static TextWriter Unwrap(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Underneath.TryGetValue(writer, out var raw)) return raw;
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

    private sealed class Installation : IDisposable
    {
        private readonly TextWriter _out = Console.Out, _error = Console.Error;

        public Installation()
        {
            Console.SetOut(new TerminalSafeWriter(_out));
            Console.SetError(new TerminalSafeWriter(_error));
            Underneath.AddOrUpdate(Console.Out, _out);
            Underneath.AddOrUpdate(Console.Error, _error);
        }

        public void Dispose()
        {
            Console.Out.Flush();
            Console.Error.Flush();
            Underneath.Remove(Console.Out);
            Underneath.Remove(Console.Error);
            Console.SetOut(_out);
            Console.SetError(_error);
        }
    }
}
