namespace Backtest.Optimization;

/// <summary>
/// The cartesian product of the axes over a base point (the strategy with the values given with --param, and
/// the execution options given as plain values, which every combination shares). Grid order: the first axis varies slowest, the last fastest, each axis in
/// the order its values were given; <see cref="GridCombination.Index"/> counts in that order.
/// Combinations that break a rule (a parameter's range or a <c>require</c> of the strategy's file, an execution
/// setting's rule) are skipped and counted.
/// Combinations are made one at a time as they are enumerated: a grid never holds its product.
/// </summary>
public sealed class ParameterGrid
{
    /// <summary>The largest grid accepted unless the caller allows more.</summary>
    public const int DefaultMaxCombinations = 100_000;

    private readonly Func<GridPoint, IReadOnlyList<string>> _validate;

    /// <param name="validate">
    /// The rules a combination must satisfy (its messages, empty when it is valid); by default
    /// <see cref="GridPoint.Problems"/>. An engine with further limits adds its own.
    /// </param>
    public ParameterGrid(GridPoint basePoint, IReadOnlyList<GridAxis> axes, Func<GridPoint, IReadOnlyList<string>>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(basePoint);
        ArgumentNullException.ThrowIfNull(axes);
        Base = basePoint;
        Axes = axes;
        _validate = validate ?? (p => p.Problems());
        long count = 1;
        foreach (var axis in axes)
        {
            if (axis.Values.Count == 0) throw new ArgumentException($"Axis {axis.Name} has no values.", nameof(axes));
            count = checked(count * axis.Values.Count);
        }
        Count = count;
    }

    public GridPoint Base { get; }

    public IReadOnlyList<GridAxis> Axes { get; }

    /// <summary>Combinations in the product, valid or not.</summary>
    public long Count { get; }

    /// <summary>The point of combination <paramref name="index"/> (grid order), valid or not.</summary>
    public GridPoint At(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var coordinates = Coordinates(index);
        var p = Base;
        for (int a = Axes.Count - 1; a >= 0; a--) p = Axes[a].Parameter.With(p, Axes[a].Values[coordinates[a]]);
        return p;
    }

    /// <summary>The position of each axis's value in combination <paramref name="index"/>.</summary>
    public int[] Coordinates(long index)
    {
        var coordinates = new int[Axes.Count];
        for (int a = Axes.Count - 1; a >= 0; a--)
        {
            int n = Axes[a].Values.Count;
            coordinates[a] = (int)(index % n);
            index /= n;
        }
        return coordinates;
    }

    /// <summary>Why combination <paramref name="index"/> is skipped, or an empty list when it is valid.</summary>
    public IReadOnlyList<string> Problems(long index) => _validate(At(index));

    /// <summary>The valid combinations in grid order; <paramref name="skipped"/> counts the others as they are passed.</summary>
    public IEnumerable<GridCombination> Valid(SkipCounter skipped) => Valid(skipped, fastestAxis: -1);

    /// <summary>
    /// The valid combinations, each with its grid index, in grid order except that axis <paramref name="fastestAxis"/>
    /// (−1 for none) varies fastest, so that the combinations differing only in it come together.
    /// </summary>
    public IEnumerable<GridCombination> Valid(SkipCounter skipped, int fastestAxis)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        if (Count > int.MaxValue) throw new InvalidOperationException($"A grid of {Count} combinations is too large to enumerate.");
        ArgumentOutOfRangeException.ThrowIfLessThan(fastestAxis, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fastestAxis, Math.Max(Axes.Count, 1));
        foreach (int i in IndexOrder(fastestAxis))
        {
            var p = At(i);
            var problems = _validate(p);
            if (problems.Count == 0) yield return new GridCombination(i, p);
            else skipped.Add(i, problems[0]);
        }
    }

    // Grid indices with the axes counted in grid order, but the fastest axis moved last.
    private IEnumerable<int> IndexOrder(int fastestAxis)
    {
        int n = Axes.Count;
        if (fastestAxis < 0 || fastestAxis == n - 1)
        {
            for (int i = 0; i < Count; i++) yield return i;
            yield break;
        }

        var strides = new long[n];
        long stride = 1;
        for (int a = n - 1; a >= 0; a--)
        {
            strides[a] = stride;
            stride *= Axes[a].Values.Count;
        }
        int[] order = [.. Enumerable.Range(0, n).Where(a => a != fastestAxis), fastestAxis];
        var coordinates = new int[n];
        for (long produced = 0; produced < Count; produced++)
        {
            long index = 0;
            for (int a = 0; a < n; a++) index += coordinates[a] * strides[a];
            yield return (int)index;
            for (int o = n - 1; o >= 0; o--)
            {
                int a = order[o];
                if (++coordinates[a] < Axes[a].Values.Count) break;
                coordinates[a] = 0;
            }
        }
    }

    /// <summary>The first valid combination, or null when every one breaks a rule.</summary>
    public GridCombination? FirstValid()
    {
        using var e = Valid(new SkipCounter()).GetEnumerator();
        return e.MoveNext() ? e.Current : null;
    }
}
