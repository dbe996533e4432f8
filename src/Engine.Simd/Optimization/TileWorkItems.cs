namespace Backtest.Optimization;

/// <summary>
/// One work item of a grid batch: combinations <see cref="First"/>.. (<see cref="Count"/> of them) of the batch on tile
/// <see cref="Tile"/>, run by one worker, sharing what they have in common (<see cref="SharedNodePlan"/>).
/// </summary>
internal readonly record struct TileWorkItem(int Tile, int First, int Count);

/// <summary>
/// How a batch's tile runs are cut into work items. Every tile of a batch costs about the same (a tile's vector runs
/// its full width, filled or not), so the cut decides how long the last worker runs alone: 13 whole tiles on two
/// workers leave one of them idle through the thirteenth. Whole tiles are the cheapest items (a piece of a tile has
/// recorders of its own), so tiles stay whole where they divide evenly among the workers, and only the remainder is cut
/// into one piece per worker; with fewer tiles than a few per worker, every tile is cut into as many equal pieces as
/// give a few items per worker, in a multiple of the workers.
/// </summary>
internal static class TileWorkItems
{
    /// <summary>Items per worker at least when tiles are few: a few rather than one, so a slowed worker delays the batch less.</summary>
    public const int ItemsPerWorker = 4;

    /// <summary>Combinations per piece at least: they share only within a piece, so a small batch is not cut finer.</summary>
    public const int MinimumPiece = 32;

    /// <summary>The items of <paramref name="combinations"/> combinations on <paramref name="tiles"/> tiles for <paramref name="workers"/> workers: whole tiles first, then pieces.</summary>
    public static TileWorkItem[] Plan(int tiles, int combinations, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tiles);
        ArgumentOutOfRangeException.ThrowIfLessThan(combinations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        int maxPieces = Math.Max(1, combinations / MinimumPiece);
        var items = new List<TileWorkItem>();
        if (tiles >= ItemsPerWorker * workers)
        {
            int whole = tiles - tiles % workers;
            for (int t = 0; t < whole; t++) items.Add(new TileWorkItem(t, 0, combinations));
            for (int t = whole; t < tiles; t++) AddPieces(items, t, combinations, Math.Min(workers, maxPieces));
            return [.. items];
        }

        int pieces = (ItemsPerWorker * workers + tiles - 1) / Math.Max(1, tiles);
        while ((long)tiles * pieces % workers != 0) pieces++;
        pieces = Math.Min(pieces, maxPieces);
        for (int t = 0; t < tiles; t++) AddPieces(items, t, combinations, pieces);
        return [.. items];
    }

    private static void AddPieces(List<TileWorkItem> items, int tile, int combinations, int pieces)
    {
        for (int j = 0; j < pieces; j++)
        {
            int first = (int)((long)combinations * j / pieces), next = (int)((long)combinations * (j + 1) / pieces);
            items.Add(new TileWorkItem(tile, first, next - first));
        }
    }
}
