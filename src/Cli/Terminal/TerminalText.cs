using System.Globalization;
using System.Text;

namespace Backtest.Cli.Terminal;

/// <summary>
/// Text made safe for a terminal: names from the user's data (file names, symbol cells, paths in messages) may hold
/// escape sequences that recolour, retitle or clear the screen, or a carriage return that overwrites a line. Control
/// characters are written as visible codes (<c>\x1B</c>), and so are the bidirectional overrides that reorder what
/// a line shows (<c>\u202E</c>); line feeds, tabs and CR LF line ends are kept. Result files keep the real text.
/// </summary>
public static class TerminalText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = FirstUnsafe(text);
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c) || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')) sb.Append(c);
            else if (c <= '\u00FF') sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }

        return sb.ToString();
    }

    private static int FirstUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]) && !(text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')) return i;
        }

        return -1;
    }

    /// <summary>C0 and C1 controls and DEL but line feed and tab; the bidirectional embeddings, overrides and isolates.</summary>
    public static bool IsUnsafe(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t') || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
