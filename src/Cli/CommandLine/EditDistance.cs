namespace Backtest.Cli.CommandLine;

/// <summary>Levenshtein distance, to suggest the option a mistyped one was meant to be.</summary>
public static class EditDistance
{
    /// <summary>The fewest single-character insertions, deletions and substitutions that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Between(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>
    /// The candidate nearest to <paramref name="word"/>, or null when none is near enough to be what was meant: within
    /// a third of the word's length (at least 2 edits), or a candidate the word begins (--memory for --memory-budget).
    /// Ties go to the first candidate.
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        int allowed = Math.Max(2, word.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Between(word, candidate);
            bool near = distance <= allowed || (word.Length >= 3 && candidate.StartsWith(word, StringComparison.Ordinal));
            if (near && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }
}
