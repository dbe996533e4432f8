using System.Globalization;
using System.Numerics;

namespace Backtest.Data.Postgres;

/// <summary>
/// A price or volume column as SQL that yields a float8 for every row. PostgreSQL casts a <c>numeric</c> to the
/// double nearest to its decimal text, but refuses the whole statement when that double would be infinite or 0
/// ("value out of range for type double precision"), so one such row would fail every symbol of its batch. Here such
/// a value reads as the CSV reader reads its text (IEEE rounding): ±infinity beyond the largest double, ±0 next to
/// 0; <see cref="BarValidator"/> then makes its row invalid, reported and skipped like any other. Columns of the other
/// types (float8, real, integers) are cast plainly: they never leave the range of a double.
/// </summary>
internal static class NumericToDouble
{
    /// <summary>2^1024 − 2^970, half a unit in the last place above <see cref="double.MaxValue"/>: from here on, infinity.</summary>
    private static readonly string Overflow = (BigInteger.Pow(2, 1024) - BigInteger.Pow(2, 970)).ToString(CultureInfo.InvariantCulture);

    /// <summary>2^−1075, half the smallest subnormal double: a nonzero value up to here rounds to 0.</summary>
    private static readonly string Underflow = "0." + BigInteger.Pow(5, 1075).ToString(CultureInfo.InvariantCulture).PadLeft(1075, '0');

    /// <summary>True for a column type (as <c>format_type</c> writes it) whose values can lie outside a double's range.</summary>
    public static bool CanLeaveDoubleRange(string type) => type.StartsWith("numeric", StringComparison.Ordinal);

    /// <summary>The column as float8; NULL stays NULL and NaN stays NaN.</summary>
    public static string Cast(string column, string type) => CanLeaveDoubleRange(type)
        ? $"CASE WHEN abs({column}) >= {Overflow} AND {column} <> 'NaN' THEN sign({column})::float8 * 'Infinity'::float8 " +
          $"WHEN abs({column}) <= {Underflow} THEN sign({column})::float8 * 0 ELSE {column}::float8 END"
        : $"{column}::float8";
}
