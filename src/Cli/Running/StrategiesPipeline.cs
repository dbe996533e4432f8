using System.Globalization;
using System.Text;
using Backtest.Strategies.Language;
using Backtest.Strategies.Library;

namespace Backtest.Cli.Running;

/// <summary>
/// `bt strategies` (list the built-ins), `bt strategies show` (print one file as it is) and `bt strategies check`
/// (compile a file or built-in with overrides and describe it). A strategy that cannot be read, compiled or given its
/// values prints its errors (strategies.md §7: <c>FILE:LINE:COLUMN: message</c>, one per line) on stderr, nothing on
/// stdout, and exits 2: nothing ran.
/// </summary>
internal sealed class StrategiesPipeline(TextWriter stdout, TextWriter stderr)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Every built-in, s3 first: name, sides, description and parameters (type, default, range).</summary>
    public int List()
    {
        foreach (var strategy in StrategyLibrary.All)
        {
            stdout.WriteLine($"{strategy.Name} ({Sides(strategy)}): {strategy.Description}");
            var rows = new List<string[]> { new[] { "param", "type", "default", "range" } };
            rows.AddRange(strategy.Parameters.Select(p => new[] { p.Name, Type(p), StrategyParameter.Format(p.Default), p.Range }));
            WriteTable(rows, "  ");
            stdout.WriteLine();
        }
        stdout.WriteLine("`bt strategies show NAME` prints a built-in's file; `bt strategies check NAME|FILE --param NAME=VALUE` compiles one with its values.");
        return ExitCodes.Success;
    }

    /// <summary>The bytes of a built-in's file, or of the file at a path, as they are.</summary>
    public int Show(string nameOrPath)
    {
        byte[]? bytes;
        if (StrategyLibrary.NamesFile(nameOrPath))
        {
            try
            {
                bytes = File.ReadAllBytes(nameOrPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Errors([new StrategyError(nameOrPath, 0, 0, $"cannot read the strategy file: {e.Message}")]);
            }
        }
        else
        {
            bytes = StrategyLibrary.Source(nameOrPath);
            if (bytes is null) return Errors([StrategyLibrary.Unknown(nameOrPath)]);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Errors([new StrategyError(nameOrPath, 0, 0, "the file is not UTF-8 text (`bt strategies check` says where)")]);
        }
        // Decoding kept a leading BOM as U+FEFF: the text written back is the file's bytes.
        stdout.Write(text);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Compiles <paramref name="nameOrPath"/>, applies the <c>--param</c> <paramref name="overrides"/>, checks its
    /// requirements and builds its graph: what a run would do before reading any data. Prints what it found.
    /// </summary>
    public int Check(string nameOrPath, IReadOnlyList<string> overrides)
    {
        StrategyInstance instance;
        try
        {
            var definition = StrategyLibrary.Load(nameOrPath);
            var errors = new List<StrategyError>();
            var values = ParameterOverrides.Parse(overrides, definition, errors);
            if (values is null) return Errors(errors);
            instance = definition.Instantiate(values);
        }
        catch (StrategyException e)
        {
            return Errors(e.Errors);
        }

        var strategy = instance.Definition;
        var given = overrides.Select(o => o[..o.IndexOf('=', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        var rows = new List<string[]>
        {
            new[] { "strategy", strategy.Name },
            new[] { "description", strategy.Description },
            new[] { "file", StrategyLibrary.NamesFile(nameOrPath) ? strategy.FileName : $"{strategy.FileName} (built-in)" },
            new[] { "sha256", strategy.Sha256 },
            new[] { "goes", Sides(strategy) },
        };
        WriteTable(rows, "");
        stdout.WriteLine();

        var parameters = new List<string[]> { new[] { "param", "type", "value", "default", "range", "" } };
        parameters.AddRange(strategy.Parameters.Select(p => new[]
        {
            p.Name, Type(p), StrategyParameter.Format(instance.ParameterValues[p.Name]), StrategyParameter.Format(p.Default), p.Range,
            given.Contains(p.Name) ? "(--param)" : "",
        }));
        if (strategy.Parameters.Count == 0) stdout.WriteLine("no parameters");
        else WriteTable(parameters, "");
        stdout.WriteLine();

        long w = instance.Graph.FirstDecisionBar;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first decision bar W = {w}: no rule acts before bar {w}; a series needs at least {instance.Graph.MinimumBars} bars to take a decision."));
        return ExitCodes.Success;
    }

    private int Errors(IReadOnlyList<StrategyError> errors)
    {
        foreach (var error in errors) stderr.WriteLine(error.ToString());
        return ExitCodes.Usage;
    }

    private static string Sides(StrategyDefinition strategy) => (strategy.GoesLong, strategy.GoesShort) switch
    {
        (true, true) => "long and short",
        (true, false) => "long only",
        _ => "short only",
    };

    private static string Type(StrategyParameter parameter) => parameter.IsInt ? "int" : "num";

    // Columns padded to their widest cell; trailing spaces trimmed.
    private void WriteTable(IReadOnlyList<string[]> rows, string indent)
    {
        int columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in rows)
        {
            var line = new StringBuilder(indent);
            for (int c = 0; c < row.Length; c++) line.Append(c + 1 < row.Length ? row[c].PadRight(widths[c] + 2) : row[c]);
            stdout.WriteLine(line.ToString().TrimEnd());
        }
    }
}
