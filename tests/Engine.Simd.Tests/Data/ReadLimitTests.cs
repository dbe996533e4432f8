using Backtest.Data.Files;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>What one file may hold in memory: a sixth of the budget, never more than one .NET array.</summary>
public class ReadLimitTests
{
    [Fact]
    public void A_file_may_hold_a_sixth_of_the_budget_and_yield_a_row_per_200_bytes_of_it()
    {
        var limit = new ReadLimit(6_000_000);
        Assert.Equal((1_000_000L, 30_000L), (limit.Bytes, limit.Rows));
    }

    [Fact]
    public void A_budget_beyond_six_arrays_is_capped_at_one_array_and_says_so()
    {
        var limit = new ReadLimit(100L << 30);
        Assert.Equal(Array.MaxLength, limit.Bytes);
        Assert.Equal($"the file is 3,000,000,000 bytes, more than the {Array.MaxLength:N0} bytes one file may hold in memory (the most one .NET array holds; split the file)",
            limit.TooLarge("the file", 3_000_000_000));
    }
}
