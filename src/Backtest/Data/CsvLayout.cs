using System.Globalization;
using System.Text;

namespace Backtest.Data;

/// <summary>What a field of a row holds.</summary>
internal enum ColumnRole : byte
{
    Ignore,
    Time,
    TimeOfDay,
    Open,
    High,
    Low,
    Close,
    Volume,
    Symbol,
}

/// <summary>
/// The shape of a delimited bar file, detected from its first non-blank line: the delimiter, whether that
/// line is a header, and which field holds what.
/// </summary>
internal sealed class CsvLayout
{
    private CsvLayout(byte delimiter, bool hasHeader, ColumnRole[] roles)
    {
        Delimiter = delimiter;
        HasHeader = hasHeader;
        Roles = roles;
        HasVolume = roles.Contains(ColumnRole.Volume);
        HasSymbol = roles.Contains(ColumnRole.Symbol);
        SplitDateTime = roles.Contains(ColumnRole.TimeOfDay);
    }

    public byte Delimiter { get; }
    public bool HasHeader { get; }

    /// <summary>Role of each field by position; fields past the end are ignored.</summary>
    public ColumnRole[] Roles { get; }

    public bool HasVolume { get; }
    public bool HasSymbol { get; }

    /// <summary>The date and the time of day sit in two columns (<c>Date,Time,...</c>).</summary>
    public bool SplitDateTime { get; }

    // Accepted header names after normalisation (trimmed, lower case, spaces/underscores/angle brackets removed),
    // in order of preference when a file has several.
    internal static readonly string[] TimeNames = ["timestamp", "datetime", "date", "time", "dt", "ts"];
    internal static readonly string[] OpenNames = ["open", "o"];
    internal static readonly string[] HighNames = ["high", "h"];
    internal static readonly string[] LowNames = ["low", "l"];
    internal static readonly string[] CloseNames = ["close", "c", "last"];
    internal static readonly string[] VolumeNames = ["volume", "vol", "v"];
    internal static readonly string[] SymbolNames = ["symbol", "ticker", "name", "sym"];

    /// <summary>Detects the layout from the first non-blank line; null with a reason when unusable.</summary>
    public static CsvLayout? Detect(ReadOnlySpan<byte> firstLine, out string? problem)
    {
        problem = null;
        byte delimiter = DetectDelimiter(firstLine);
        var fields = Split(firstLine, delimiter);

        if (LooksLikeData(fields))
        {
            // Headerless: timestamp, open, high, low, close[, volume] (pyalgotrade / NinjaTrader order).
            var roles = new ColumnRole[Math.Min(fields.Count, 6)];
            roles[0] = ColumnRole.Time;
            roles[1] = ColumnRole.Open;
            roles[2] = ColumnRole.High;
            roles[3] = ColumnRole.Low;
            roles[4] = ColumnRole.Close;
            if (roles.Length > 5) roles[5] = ColumnRole.Volume;
            return new CsvLayout(delimiter, false, roles);
        }

        var names = fields.Select(f => Normalise(Encoding.UTF8.GetString(f))).ToArray();
        var header = string.Join(((char)delimiter).ToString(), fields.Select(f => Encoding.UTF8.GetString(f)));
        if (fields.Count < 5)
        {
            problem = $"unreadable header '{Shorten(header)}': expected at least 5 columns (time, open, high, low, close) separated by ',', ';' or tab";
            return null;
        }

        var rolesByName = new ColumnRole[names.Length];
        var missing = new List<string>();
        int time = Find(names, TimeNames);
        if (time < 0) missing.Add("time (date/datetime/time/timestamp)");
        else
        {
            rolesByName[time] = ColumnRole.Time;
            // A "date" column with a separate "time" column: read them together.
            if (names[time] == "date")
            {
                int tod = Array.IndexOf(names, "time");
                if (tod >= 0) rolesByName[tod] = ColumnRole.TimeOfDay;
            }
        }

        Assign(names, OpenNames, ColumnRole.Open, rolesByName, missing);
        Assign(names, HighNames, ColumnRole.High, rolesByName, missing);
        Assign(names, LowNames, ColumnRole.Low, rolesByName, missing);
        Assign(names, CloseNames, ColumnRole.Close, rolesByName, missing);
        if (missing.Count > 0)
        {
            problem = $"missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} in header '{Shorten(header)}'";
            return null;
        }

        int volume = Find(names, VolumeNames);
        if (volume >= 0 && rolesByName[volume] == ColumnRole.Ignore) rolesByName[volume] = ColumnRole.Volume;
        int symbol = Find(names, SymbolNames);
        if (symbol >= 0 && rolesByName[symbol] == ColumnRole.Ignore) rolesByName[symbol] = ColumnRole.Symbol;
        return new CsvLayout(delimiter, true, rolesByName);
    }

    /// <summary>The most frequent of tab, ';' and ',' in the first line (ties in that order).</summary>
    private static byte DetectDelimiter(ReadOnlySpan<byte> line)
    {
        int tabs = line.Count((byte)'\t'), semis = line.Count((byte)';'), commas = line.Count((byte)',');
        if (tabs >= semis && tabs >= commas && tabs > 0) return (byte)'\t';
        if (semis >= commas && semis > 0) return (byte)';';
        return (byte)',';
    }

    private static bool LooksLikeData(List<byte[]> fields)
    {
        if (fields.Count < 5 || !TimestampParser.TryParseUtf8(fields[0], out _)) return false;
        for (int k = 1; k < 5; k++)
        {
            var f = TimestampParser.Trim(fields[k]);
            if (!f.IsEmpty && !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return false;
        }

        return true;
    }

    private static List<byte[]> Split(ReadOnlySpan<byte> line, byte delimiter)
    {
        var result = new List<byte[]>();
        var splitter = new FieldSplitter(line, delimiter);
        while (splitter.Next(out var f)) result.Add(f.ToArray());
        return result;
    }

    private static void Assign(string[] names, string[] accepted, ColumnRole role, ColumnRole[] roles, List<string> missing)
    {
        int i = Find(names, accepted);
        if (i < 0 || roles[i] != ColumnRole.Ignore) missing.Add(accepted[0]);
        else roles[i] = role;
    }

    internal static int Find(string[] names, string[] accepted)
    {
        foreach (var name in accepted)
        {
            int i = Array.IndexOf(names, name);
            if (i >= 0) return i;
        }

        return -1;
    }

    internal static string Normalise(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char ch in name.Trim().Trim('"', '\uFEFF'))
            if (ch is not (' ' or '_' or '<' or '>' or '-')) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "...";
}

/// <summary>Walks the fields of one line; a field that starts with '"' ends at the next '"'.</summary>
internal ref struct FieldSplitter(ReadOnlySpan<byte> line, byte delimiter)
{
    private readonly ReadOnlySpan<byte> _line = line;
    private int _pos;
    private bool _done;

    public bool Next(out ReadOnlySpan<byte> field)
    {
        if (_done) { field = default; return false; }
        var rest = _line[_pos..];
        if (!rest.IsEmpty && rest[0] == '"')
        {
            int close = rest[1..].IndexOf((byte)'"');
            if (close >= 0)
            {
                field = rest.Slice(1, close);
                int after = close + 2;
                int d = rest[after..].IndexOf(delimiter);
                if (d < 0) _done = true;
                else _pos += after + d + 1;
                return true;
            }
        }

        int idx = rest.IndexOf(delimiter);
        if (idx < 0) { field = rest; _done = true; }
        else { field = rest[..idx]; _pos += idx + 1; }
        return true;
    }
}
