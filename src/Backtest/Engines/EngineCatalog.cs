using Backtest.Optimization;
using Backtest.Results;

namespace Backtest.Engines;

/// <summary>
/// Resolves an --engine name to an engine of this build and checks that it computes in the asked
/// precision. The engine names the host knows (its providers', <see cref="IEngineProvider.Names"/>) are known even
/// when the catalog lacks the engine, so that the user is told "not available in this build" rather than "unknown
/// engine". The catalog itself names no engine.
/// </summary>
public sealed class EngineCatalog
{
    private readonly Dictionary<string, IBacktestEngine> _engines;
    private readonly Dictionary<string, string> _unavailable;

    /// <param name="unavailable">
    /// Engines of this build that cannot run on this machine, by name, with the one-line reason
    /// (the Metal engine off macOS/arm64): resolving one fails with that reason, before any data is read.
    /// </param>
    /// <param name="knownNames">Every engine name the host knows, in the order messages list them; the engines' own names and the unavailable ones are known anyway.</param>
    public EngineCatalog(IEnumerable<IBacktestEngine> engines, IReadOnlyDictionary<string, string>? unavailable = null, IEnumerable<string>? knownNames = null)
    {
        ArgumentNullException.ThrowIfNull(engines);
        _unavailable = new Dictionary<string, string>(unavailable ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        _engines = new Dictionary<string, IBacktestEngine>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in engines)
        {
            if (!_engines.TryAdd(e.Name, e))
                throw new ArgumentException($"Two engines are named '{e.Name}'.", nameof(engines));
        }
        KnownNames = [.. (knownNames ?? []).Concat(_engines.Keys).Concat(_unavailable.Keys).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Every engine name the host knows, in the order messages list them.</summary>
    public IReadOnlyList<string> KnownNames { get; }

    /// <summary>The catalog of the engines <paramref name="providers"/> give, in their order (two engines of one name are refused).</summary>
    public static EngineCatalog From(IEnumerable<IEngineProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var engines = new List<IBacktestEngine>();
        var names = new List<string>();
        var unavailable = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            names.AddRange(provider.Names);
            engines.AddRange(provider.Engines());
            foreach (var (name, reason) in provider.Unavailable()) unavailable[name] = reason;
        }
        return new EngineCatalog(engines, unavailable, names);
    }

    /// <summary>The names of the engines this build holds.</summary>
    public IEnumerable<string> Available => _engines.Keys;

    /// <summary>The engines this build holds that can run here (what --engine auto chooses among).</summary>
    public IReadOnlyCollection<IBacktestEngine> Engines => _engines.Values;

    /// <summary>The engine that optimizes grids and walks them forward (the first of this build that can), or null.</summary>
    public IGridEngine? GridEngine => _engines.Values.OfType<IGridEngine>().FirstOrDefault();

    /// <summary>Why an engine of this build cannot run on this machine, or null.</summary>
    public string? UnavailableReason(string name) => _unavailable.GetValueOrDefault(name);

    /// <summary>The engine, or null with a one-line error naming the option.</summary>
    public IBacktestEngine? Resolve(string name, Precision precision, out string? error)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_engines.TryGetValue(name, out var engine))
        {
            if (_unavailable.TryGetValue(name, out string? reason))
            {
                error = $"--engine {name} cannot run here: {reason}.";
                return null;
            }
            string available = _engines.Count == 0 ? "none" : string.Join(", ", _engines.Keys);
            error = KnownNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                ? $"--engine {name} is not available in this build (available: {available})."
                : $"--engine {name} is not an engine; the engines are {string.Join(", ", KnownNames)} (available in this build: {available}).";
            return null;
        }

        if (!engine.Supports(precision))
        {
            error = $"--precision {precision.Name()} is not supported by the {engine.Name} engine.";
            return null;
        }

        error = null;
        return engine;
    }
}
