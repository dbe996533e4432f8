using System.Globalization;
using System.Text;

namespace Backtest.Results;

/// <summary>Text from the data (symbols, file names) made safe to print on a terminal.</summary>
public static class ConsoleText
{
    /// <summary>
    /// The text with every control character (C0, DEL, C1: escape sequences, carriage returns, bells) written as
    /// <c>\xNN</c> (<c>\uNNNN</c> above 0xFF), so a crafted name cannot move the cursor, recolour or clear the terminal.
    /// </summary>
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (!char.IsControl(c)) sb.Append(c);
            else if (c <= 0xFF) sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
