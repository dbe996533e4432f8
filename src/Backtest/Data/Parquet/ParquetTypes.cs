using Parquet.Schema;

namespace Backtest.Data.Parquet;

/// <summary>
/// Which Parquet column types the bar reader takes, and how a type is named to the user: in Parquet's terms
/// (<c>double</c>, <c>int64</c>, <c>string</c>, <c>timestamp</c>), never by the .NET type the library maps it to.
/// </summary>
internal static class ParquetTypes
{
    private static readonly Type[] NumberTypes =
        [typeof(double), typeof(float), typeof(decimal), typeof(long), typeof(int), typeof(short), typeof(ulong), typeof(uint)];

    private static readonly Type[] TextTypes = [typeof(string), typeof(ReadOnlyMemory<char>)];

    private static readonly Type[] TimeTypes = [typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly)];

    public const string ExpectedNumber = "a number (double, float, decimal or an integer)";

    public const string ExpectedTime = "a timestamp, a date, a string or a number (an epoch)";

    public static bool IsNumber(DataField field) => NumberTypes.Contains(field.ClrType);

    public static bool IsText(DataField field) => TextTypes.Contains(field.ClrType);

    public static bool IsTime(DataField field) => TimeTypes.Contains(field.ClrType) || IsText(field) || IsNumber(field);

    /// <summary>"column 'open' holds string values; expected a number (double, float, decimal or an integer)".</summary>
    public static string WrongType(DataField field, string expected) =>
        $"column '{field.Name}' holds {Name(field)} values; expected {expected}";

    /// <summary>The Parquet name of a column's type.</summary>
    public static string Name(DataField field)
    {
        var t = field.ClrType;
        if (t == typeof(double)) return "double";
        if (t == typeof(float)) return "float";
        if (t == typeof(decimal)) return "decimal";
        if (t == typeof(long)) return "int64";
        if (t == typeof(int)) return "int32";
        if (t == typeof(short)) return "int16";
        if (t == typeof(sbyte)) return "int8";
        if (t == typeof(ulong)) return "uint64";
        if (t == typeof(uint)) return "uint32";
        if (t == typeof(ushort)) return "uint16";
        if (t == typeof(byte)) return "uint8";
        if (t == typeof(bool)) return "boolean";
        if (IsText(field)) return "string";
        if (t == typeof(byte[])) return "binary";
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return "timestamp";
        if (t == typeof(DateOnly)) return "date";
        if (t == typeof(TimeSpan) || t == typeof(TimeOnly)) return "time";
        if (t == typeof(Guid)) return "uuid";
        return field.SchemaType.ToString().ToLowerInvariant();
    }
}
