using Backtest.Fused;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// How a group of parameter sets runs on one tile so that what they have in common is computed once: a few
/// sets run the fused kernel and record their score comparisons (<see cref="ChunkPass.Recording"/>), every
/// other set whose four parts have all been recorded walks on them without computing an indicator
/// (<see cref="ChunkPass.OnParts"/>). A grid of 10 fast SMAs × 10 band widths × 10 RSI periods has 10 + 10 + 10
/// trend, band and RSI comparisons and one MACD: 10 of its 1,000 sets record, 990 walk.
/// </summary>
/// <remarks>
/// Recorders are chosen greedily, those that bring the most parts not yet recorded first (with three axes
/// varying, the grid's diagonal), so that few sets pay for recording. Recorded parts take
/// <c>masks × bars × stride</c> bytes each; once <see cref="Build"/>'s capacity is used up, the remaining sets
/// run the plain fused kernel. Every set's results are its own `bt run`'s in every role.
/// </remarks>
internal sealed class SharedScorePlan
{
    private SharedScorePlan(int[] order, ChunkPass[] passes, long[][] offsets, long bytes)
    {
        Order = order;
        Passes = passes;
        Offsets = offsets;
        Bytes = bytes;
    }

    /// <summary>The sets' indices in the order to run them: every recorder before the sets walking on its parts.</summary>
    public int[] Order { get; }

    /// <summary>Each set's pass.</summary>
    public ChunkPass[] Passes { get; }

    /// <summary>
    /// Each set's byte offsets of its parts' masks in the plan's buffer, in <see cref="ScorePartsInput"/> order
    /// (trend, RSI +w, RSI −w, bands +w, bands −w, MACD), −1 where a recorder does not keep a part; null for fused passes.
    /// </summary>
    public long[][] Offsets { get; }

    /// <summary>Bytes of the buffer the recorded parts need.</summary>
    public long Bytes { get; }

    /// <param name="sets">The group's parameter sets.</param>
    /// <param name="maskBytes">Bytes of one mask over the tile (its rows × stride, with the padding masks are read with).</param>
    /// <param name="capacity">Bytes the recorded parts may take at most.</param>
    public static SharedScorePlan Build(IReadOnlyList<StrategyParameters> sets, long maskBytes, long capacity)
    {
        ArgumentNullException.ThrowIfNull(sets);
        int n = sets.Count;
        var keys = new ScorePartKey[n][];
        for (int i = 0; i < n; i++) keys[i] = ScorePartKey.Of(sets[i]);

        // Recorders: the sets bringing 4, then 3, 2 and 1 parts nobody records yet.
        var recorder = new Dictionary<ScorePartKey, int>();
        var records = new bool[n];
        for (int need = 4; need >= 1; need--)
        {
            for (int i = 0; i < n; i++)
            {
                if (records[i] || keys[i].Count(k => !recorder.ContainsKey(k)) < need) continue;
                records[i] = true;
                foreach (var k in keys[i]) recorder.TryAdd(k, i);
            }
        }

        // The others walk on recorded parts while the buffer has room for those they need.
        var offsetOf = new Dictionary<ScorePartKey, long>();
        long used = 0;
        var passes = new ChunkPass[n];
        for (int i = 0; i < n; i++)
        {
            if (records[i]) continue;
            long needed = keys[i].Where(k => !offsetOf.ContainsKey(k)).Sum(k => k.Masks * maskBytes);
            if (used + needed > capacity)
            {
                passes[i] = ChunkPass.Fused;
                continue;
            }
            foreach (var k in keys[i])
            {
                if (offsetOf.ContainsKey(k)) continue;
                offsetOf[k] = used;
                used += k.Masks * maskBytes;
            }
            passes[i] = ChunkPass.OnParts;
        }

        var offsets = new long[n][];
        for (int i = 0; i < n; i++)
        {
            if (records[i])
            {
                // A recorder keeps the parts it was chosen for that some walker reads.
                var kept = keys[i].Where(k => recorder[k] == i && offsetOf.ContainsKey(k)).ToHashSet();
                passes[i] = kept.Count > 0 ? ChunkPass.Recording : ChunkPass.Fused;
                if (kept.Count > 0) offsets[i] = MaskOffsets(keys[i], k => kept.Contains(k) ? offsetOf[k] : -1, maskBytes);
            }
            else if (passes[i] == ChunkPass.OnParts)
            {
                offsets[i] = MaskOffsets(keys[i], k => offsetOf[k], maskBytes);
            }
        }

        int[] order = [.. Enumerable.Range(0, n).Where(i => records[i]), .. Enumerable.Range(0, n).Where(i => !records[i])];
        return new SharedScorePlan(order, passes, offsets, used);
    }

    private static long[] MaskOffsets(ScorePartKey[] keys, Func<ScorePartKey, long> offset, long maskBytes)
    {
        long trend = offset(keys[0]), rsi = offset(keys[1]), bands = offset(keys[2]), macd = offset(keys[3]);
        long Second(long first) => first < 0 ? -1 : first + maskBytes;
        return [trend, rsi, Second(rsi), bands, Second(bands), macd];
    }
}
