using System.Globalization;
using System.Text.Json;

namespace Backtest.Tests.Indicators;

/// <summary>
/// The Stock.Indicators regression data in shared/data/fixtures (SOURCES.md §3): the quotes of
/// quotes/default.csv (502 daily bars) and the expected values of each indicator.
/// </summary>
internal static class StockIndicatorsFixture
{
    public static double[] Closes() => Quotes("close");

    /// <summary>One column of quotes/default.csv (open, high, low, close or volume), a value per bar.</summary>
    public static double[] Quotes(string column)
    {
        var lines = File.ReadAllLines(Fixture("quotes", "default.csv"));
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        int index = Array.FindIndex(header, h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase));
        if (index < 0) throw new ArgumentException($"quotes/default.csv has no column '{column}'.", nameof(column));
        return [.. lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => double.Parse(l.Split(',')[index], CultureInfo.InvariantCulture))];
    }

    /// <summary>The field's value per bar, null where the fixture has null.</summary>
    public static double?[] Reference(string file, string field)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("results", file + ".standard.json")));
        return [.. doc.RootElement.EnumerateArray().Select(o =>
            o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null)];
    }

    private static string Fixture(params string[] parts) =>
        SharedData.Data(["fixtures", "stock-indicators", .. parts]);
}
