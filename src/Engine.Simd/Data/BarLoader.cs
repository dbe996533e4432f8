namespace Backtest.Data;

/// <summary>Entry point of the data stage: loads bars from a path as spec §1 describes.</summary>
public static class BarLoader
{
    public static LoadResult Load(LoadRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("being written");
}
