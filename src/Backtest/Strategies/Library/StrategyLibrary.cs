using System.Reflection;
using Backtest.Strategies.Language;

namespace Backtest.Strategies.Library;

/// <summary>
/// The built-in strategies: .bt files embedded in the assembly (this folder), s3 the default (strategies.md §8). A
/// strategy is named on the command line by a built-in's name or a file's path: <see cref="Load"/> tells them apart.
/// </summary>
public static class StrategyLibrary
{
    /// <summary>The default strategy: S3 as a strategy file.</summary>
    public const string DefaultName = "s3";

    private const string ResourcePrefix = "Backtest.Strategies.Library.";
    private const string Extension = ".bt";

    private static readonly Assembly Assembly = typeof(StrategyLibrary).Assembly;

    /// <summary>The built-ins' names: s3 first, then in order of name.</summary>
    public static IReadOnlyList<string> Names => NameList;

    private static readonly List<string> NameList = [.. Assembly.GetManifestResourceNames()
        .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(Extension, StringComparison.Ordinal))
        .Select(r => r[ResourcePrefix.Length..^Extension.Length])
        .OrderBy(n => n == DefaultName ? 0 : 1)
        .ThenBy(n => n, StringComparer.Ordinal)];

    // Each built-in is parsed the first time it is asked for: a run of s3 parses s3 alone.
    private static readonly Lazy<StrategyDefinition>[] Parsed = [.. NameList.Select(n => new Lazy<StrategyDefinition>(() => Parse(n)))];

    /// <summary>Every built-in, parsed (name, description, parameters), in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<StrategyDefinition> All => [.. Parsed.Select(p => p.Value)];

    /// <summary>The built-in named <paramref name="name"/>, or null.</summary>
    public static StrategyDefinition? Find(string name)
    {
        int index = NameList.IndexOf(name);
        return index < 0 ? null : Parsed[index].Value;
    }

    /// <summary>The bytes of the built-in's file (<c>bt strategies show</c>), or null when there is no such built-in.</summary>
    public static byte[]? Source(string name)
    {
        if (!NameList.Contains(name)) return null;
        using var stream = Assembly.GetManifestResourceStream(ResourcePrefix + name + Extension)!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// The strategy <paramref name="nameOrPath"/> names: a file when it ends with .bt or is an existing file, else a
    /// built-in; throws <see cref="StrategyException"/> when it is neither, listing the built-ins.
    /// </summary>
    public static StrategyDefinition Load(string nameOrPath)
    {
        if (NamesFile(nameOrPath)) return StrategyCompiler.ParseFile(nameOrPath);
        return Find(nameOrPath) ?? throw new StrategyException(Unknown(nameOrPath));
    }

    /// <summary>Whether <paramref name="nameOrPath"/> names a file (it ends with .bt or is an existing file) rather than a built-in.</summary>
    public static bool NamesFile(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        return nameOrPath.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath);
    }

    /// <summary>The error for a name that is neither a built-in nor a file: it lists the built-ins.</summary>
    public static StrategyError Unknown(string name) => new(name, 0, 0,
        $"no built-in strategy of this name and no such file: the built-ins are {string.Join(", ", Names)}; a strategy file is named by its path ending in {Extension}");

    private static StrategyDefinition Parse(string name) => StrategyCompiler.Parse(Source(name)!, name + Extension);
}
