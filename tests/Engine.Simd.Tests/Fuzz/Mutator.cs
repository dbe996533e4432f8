using System.Text;
using Backtest.Data.Synthetic;

namespace Backtest.Tests.Fuzz;

/// <summary>
/// Seeded mutations of an input: bit flips, bytes set to boundary values, ranges deleted, duplicated or spliced from
/// another seed, text tokens that stress a number or date parser, truncation. One generator per input, seeded from
/// (seed, iteration), so any input is rebuilt from the two numbers alone.
/// </summary>
internal sealed class Mutator(ulong seed, long iteration)
{
    private Xoshiro256StarStar _random = new(seed, (ulong)iteration);   // a mutable struct: not readonly

    private static readonly byte[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, (byte)'-', (byte)'+', (byte)'.', (byte)'e', (byte)'E', (byte)'0', (byte)'9',
        (byte)',', (byte)';', (byte)'\t', (byte)'\n', (byte)'\r', (byte)'"', (byte)' ', (byte)':', (byte)'T', (byte)'Z', 0xC3, 0xEF];

    private static readonly string[] Tokens =
    [
        "", "0", "-0", "-1", "1e308", "1e309", "-1e308", "4.9e-324", "1e-300", "NaN", "nan", "Infinity", "-Infinity", "inf",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999", "2147483647",
        "253402300800000", "253402300799999", "-62135596800001", "1e19", "0x10", "1,5", "1_000", "١٢٣",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "10000-01-01T00:00:00Z", "2024-02-30T00:00:00Z",
        "2024-01-02T25:61:61Z", "2024-01-02T14:30:00+14:00", "2024-01-02T14:30:00-99:00", "2024-01-02 14:30", "\"", "\"\"",
        "\u001b[31m", "\0", "\r\n", "\n\n", ",,,,,,", "symbol", "timestamp", "open,high,low,close", new string('9', 400),
    ];

    public int Next(int bound) => (int)(_random.NextUInt64() % (ulong)bound);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>One to four mutations of <paramref name="input"/> (a copy); <paramref name="others"/> are spliced from.</summary>
    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> others)
    {
        var data = new List<byte>(input);
        int rounds = 1 + Next(4);
        for (int r = 0; r < rounds; r++)
        {
            int at = data.Count == 0 ? 0 : Next(data.Count);
            switch (Next(9))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = Interesting[Next(Interesting.Length)];
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + Next(64)));
                    break;
                case 3 when data.Count > 0:
                    int n = Math.Min(data.Count - at, 1 + Next(256));
                    data.InsertRange(Next(data.Count), data.GetRange(at, n));
                    break;
                case 4 when others.Count > 0:
                    var other = Pick(others);
                    if (other.Length == 0) break;
                    int from = Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + Next(512))).ToArray());
                    break;
                case 5 or 6:
                    // A token in place of the text between two delimiters: a field of a CSV row, most often.
                    ReplaceField(data, at, Encoding.UTF8.GetBytes(Pick(Tokens)));
                    break;
                case 7 when data.Count > 0:
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Pick(Tokens)));
                    break;
            }
        }
        return [.. data];
    }

    private static bool IsDelimiter(byte b) => b is (byte)',' or (byte)';' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'"' or (byte)':';

    private static void ReplaceField(List<byte> data, int at, byte[] token)
    {
        int start = at, end = at;
        while (start > 0 && !IsDelimiter(data[start - 1])) start--;
        while (end < data.Count && !IsDelimiter(data[end])) end++;
        data.RemoveRange(start, end - start);
        data.InsertRange(start, token);
    }
}
