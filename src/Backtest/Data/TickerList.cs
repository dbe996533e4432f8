using System.Text.Json;

namespace Backtest.Data;

/// <summary>Reads a <c>--tickers</c> file.</summary>
public static class TickerList
{
    /// <summary>
    /// A JSON array of strings (<c>["AAPL","MSFT"]</c>), or plain text with one symbol per line where blank lines
    /// and <c>#</c> comments (whole-line or trailing) are ignored. Symbols are trimmed; a repeated symbol
    /// (compared case-insensitively) is kept once, at its first place, since each symbol runs once.
    /// </summary>
    /// <exception cref="DataLoadException">The file is missing or is not a list of symbols.</exception>
    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path)) throw new DataLoadException($"tickers file '{path}' does not exist.");
        if (Files.DataFile.Unreadable(path) is { } why) throw new DataLoadException($"cannot read the tickers file '{path}': {why}.");
        string text = File.ReadAllText(path);
        IEnumerable<string> raw;
        if (text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('['))
        {
            try
            {
                raw = JsonSerializer.Deserialize<string?[]>(text.TrimStart('\uFEFF'))?.Select(s => s ?? "") ?? [];
            }
            catch (JsonException e)
            {
                throw new DataLoadException($"tickers file '{path}' is not a JSON array of strings: {e.Message}");
            }
        }
        else
        {
            raw = text.Split('\n').Select(line =>
            {
                int hash = line.IndexOf('#');
                return hash >= 0 ? line[..hash] : line;
            });
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var s in raw)
        {
            var symbol = s.Trim().TrimStart('\uFEFF');
            if (symbol.Length > 0 && seen.Add(symbol)) result.Add(symbol);
        }

        return result;
    }
}
