using System.Globalization;
using System.Text;
using Backtest.Engines;
using Backtest.Strategy;

namespace Backtest.Results;

/// <summary>The spellings the result files share: numbers, CSV fields and the names of enums.</summary>
public static class ResultText
{
    /// <summary>Invariant culture, shortest text that parses back to the same double ("R").</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A CSV field for a value that may be undefined: the number, or empty.</summary>
    public static string OptionalNumber(double? value) => value is { } v ? Number(v) : "";

    /// <summary>A console table's cell: six significant digits, or "-" where the value is undefined.</summary>
    public static string TableValue(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-";

    /// <summary>An RFC 4180 field: quoted, with quotes doubled, when it holds a comma, quote or line break.</summary>
    public static string CsvField(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return value;
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c == '"') sb.Append('"');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>One CSV line: the fields (already in CSV form) joined by commas, ended by \n.</summary>
    public static void WriteCsvRow(TextWriter writer, params ReadOnlySpan<string> fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(fields[i]);
        }
        writer.Write('\n');
    }

    /// <summary>"f64" or "f32", as --precision takes it.</summary>
    public static string Name(this Precision precision) => precision switch
    {
        Precision.F64 => "f64",
        Precision.F32 => "f32",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    /// <summary>"next-open" or "close", as --fill takes it.</summary>
    public static string Name(this FillMode fill) => fill switch
    {
        FillMode.NextOpen => "next-open",
        FillMode.Close => "close",
        _ => throw new ArgumentOutOfRangeException(nameof(fill), fill, null),
    };

    /// <summary>ISO 8601 UTC, as <see cref="Data.UnixTime.ToIso"/> writes bar times.</summary>
    public static string Iso(DateTimeOffset instant) => Data.UnixTime.ToIso(instant.ToUnixTimeMilliseconds());
}
