using System.Globalization;

namespace Backtest.Optimization;

/// <summary>
/// Reads one `--grid NAME=SPEC`. SPEC is a comma-separated list whose items are numbers or inclusive
/// ranges start:stop:step (`sma-fast=10,20,30`, `threshold=4:8:1`, `bb-k=1.5:2.5:0.25`, `sma-slow=40,50:90:20`).
/// </summary>
/// <remarks>
/// A range holds start + i·step for every i with start + i·step ≤ stop, the comparison tolerating 1e-9 of a
/// step, so that 1.5:2.5:0.25 gives five values although (2.5 − 1.5)/0.25 may round below 4. Each value is
/// rounded to the decimal places written in start and step (0.1:0.3:0.1 gives 0.1, 0.2, 0.3, not
/// 0.30000000000000004), so grid values print and compare as typed.
/// </remarks>
public static class GridSpecParser
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The axis, or null with one error message naming the option.</summary>
    /// <param name="parameters">The parameters the grid can vary (<see cref="GridParameters.For"/>).</param>
    /// <param name="maxValues">More values than this on one axis is an error (the grid's cap), checked before any is made.</param>
    public static GridAxis? Parse(string text, IReadOnlyList<GridParameter> parameters, long maxValues, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parameters);
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
        {
            error = $"--grid '{text}' is not NAME=VALUES (e.g. sma-fast=10,20,30 or threshold=4:8:1).";
            return null;
        }

        string name = text[..eq].Trim();
        string spec = text[(eq + 1)..].Trim();
        var parameter = GridParameters.Find(parameters, name);
        if (parameter is null)
        {
            error = string.Equals(name, "fill", StringComparison.OrdinalIgnoreCase)
                ? "--grid fill: --fill is a word, not a number; fix it for all combinations with --fill."
                : $"--grid {name}: not a parameter of the strategy nor a numeric execution setting; the parameters are {string.Join(", ", parameters.Select(p => p.Name))}.";
            return null;
        }

        var values = new List<double>();
        foreach (string raw in spec.Split(','))
        {
            string item = raw.Trim();
            error = item.Contains(':', StringComparison.Ordinal)
                ? AddRange(parameter, item, values, maxValues)
                : AddValue(parameter, item, values);
            if (error is not null) return null;
            if (values.Count > maxValues)
            {
                error = $"--grid {parameter.Name}: more than {maxValues.ToString("N0", Inv)} values.";
                return null;
            }
        }

        for (int i = 0; i < values.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (values[i] == values[j])
                {
                    error = $"--grid {parameter.Name}: {parameter.Format(values[i])} is listed twice.";
                    return null;
                }
            }
        }
        error = null;
        return new GridAxis(parameter, values);
    }

    private static string? AddValue(GridParameter parameter, string item, List<double> values)
    {
        if (!TryNumber(item, out double v))
            return $"--grid {parameter.Name}: '{item}' is not a number.";
        if (IntegerError(parameter, v) is { } e) return e;
        values.Add(v);
        return null;
    }

    private static string? AddRange(GridParameter parameter, string item, List<double> values, long maxValues)
    {
        var parts = item.Split(':');
        if (parts.Length != 3)
            return $"--grid {parameter.Name}: '{item}' is not a range start:stop:step.";
        if (!TryNumber(parts[0], out double start) || !TryNumber(parts[1], out double stop) || !TryNumber(parts[2], out double step))
            return $"--grid {parameter.Name}: '{item}' is not a range of numbers start:stop:step.";
        if (!(step > 0))
            return $"--grid {parameter.Name}: the step of '{item}' must be greater than 0.";
        if (stop < start)
            return $"--grid {parameter.Name}: the range '{item}' is empty (stop {parts[1].Trim()} is below start {parts[0].Trim()}).";
        if (parameter.IsInteger && (IntegerError(parameter, start) ?? IntegerError(parameter, step)) is { } e)
            return e;

        double steps = (stop - start) / step;
        double count = Math.Floor(steps + 1e-9) + 1;
        if (count > maxValues)
            return $"--grid {parameter.Name}: the range '{item}' has {count.ToString("N0", Inv)} values, more than {maxValues.ToString("N0", Inv)}.";

        int? decimals = Decimals(parts[0], parts[2]);
        for (long i = 0; i < (long)count; i++)
        {
            double v = start + (i * step);
            v = decimals is { } d ? Math.Round(v, d, MidpointRounding.AwayFromZero) : double.Parse(v.ToString("G15", Inv), Inv);
            values.Add(v);
        }
        return null;
    }

    private static string? IntegerError(GridParameter parameter, double v)
    {
        if (!parameter.IsInteger) return null;
        if (v != Math.Round(v) || v < int.MinValue || v > int.MaxValue)
            return $"--grid {parameter.Name}: {parameter.Name} takes whole numbers, and {parameter.Format(v)} is not one.";
        return null;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, Inv, out value) && double.IsFinite(value);

    // Decimal places written in start and step; null when either uses an exponent (then 15 significant digits).
    private static int? Decimals(string start, string step)
    {
        int? Of(string s)
        {
            s = s.Trim();
            if (s.Contains('e', StringComparison.OrdinalIgnoreCase)) return null;
            int dot = s.IndexOf('.', StringComparison.Ordinal);
            int places = dot < 0 ? 0 : s.Length - dot - 1;
            return places <= 15 ? places : null;
        }
        return Of(start) is { } a && Of(step) is { } b ? Math.Max(a, b) : null;
    }
}
