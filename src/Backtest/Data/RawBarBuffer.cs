namespace Backtest.Data;

/// <summary>
/// The valid rows of one symbol as read, in input order (before sorting and de-duplication), plus the
/// account of the rows that were not valid. Growable column arrays: no per-row allocation.
/// </summary>
internal sealed class RawBarBuffer(string symbol, string file, int capacity)
{
    private int _capacity = Math.Max(16, capacity);

    public string Symbol { get; } = symbol;

    /// <summary>The file(s) the rows came from, "; "-joined when a symbol spans several files.</summary>
    public string File { get; set; } = file;

    public long[] Times = new long[Math.Max(16, capacity)];
    public double[] Open = new double[Math.Max(16, capacity)];
    public double[] High = new double[Math.Max(16, capacity)];
    public double[] Low = new double[Math.Max(16, capacity)];
    public double[] Close = new double[Math.Max(16, capacity)];
    public double[] Volume = new double[Math.Max(16, capacity)];

    /// <summary>Valid rows held.</summary>
    public int Count;

    /// <summary>Data rows read for this symbol (valid or not; blank lines and headers excluded).</summary>
    public int RowsRead;

    public int InvalidRows;

    /// <summary>One issue per invalid row, in file and line order.</summary>
    public List<LoadIssue> Issues { get; } = [];

    public void Add(long t, double o, double h, double l, double c, double v)
    {
        if (Count == _capacity) Grow();
        Times[Count] = t;
        Open[Count] = o;
        High[Count] = h;
        Low[Count] = l;
        Close[Count] = c;
        Volume[Count] = v;
        Count++;
    }

    public void AddInvalid(LoadIssue issue)
    {
        InvalidRows++;
        Issues.Add(issue);
    }

    /// <summary>Appends another buffer's rows after this one's (same symbol met in a later file).</summary>
    public void Append(RawBarBuffer other)
    {
        for (int k = 0; k < other.Count; k++)
            Add(other.Times[k], other.Open[k], other.High[k], other.Low[k], other.Close[k], other.Volume[k]);
        RowsRead += other.RowsRead;
        InvalidRows += other.InvalidRows;
        Issues.AddRange(other.Issues);
        if (!File.Split("; ").Contains(other.File)) File += "; " + other.File;
    }

    private void Grow()
    {
        _capacity *= 2;
        Array.Resize(ref Times, _capacity);
        Array.Resize(ref Open, _capacity);
        Array.Resize(ref High, _capacity);
        Array.Resize(ref Low, _capacity);
        Array.Resize(ref Close, _capacity);
        Array.Resize(ref Volume, _capacity);
    }
}
