namespace Backtest.Engines;

/// <summary>
/// An engine assembly's engines, as the host builds its <see cref="EngineCatalog"/> from them: each engine assembly
/// says which of its engines run on this machine and why the others cannot, so that the host names no engine's
/// platform rules.
/// </summary>
public interface IEngineProvider
{
    /// <summary>Every engine name this assembly provides, whether or not it runs here (help and messages list them).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The engines that can run here, in the order the catalog should prefer them.</summary>
    IEnumerable<IBacktestEngine> Engines();

    /// <summary>The engines of this assembly that cannot run here, by name, with the one-line reason.</summary>
    IReadOnlyDictionary<string, string> Unavailable();
}
