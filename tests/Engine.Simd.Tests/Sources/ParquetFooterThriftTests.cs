using System.Buffers.Binary;
using Backtest.Data.Parquet;
using Backtest.Tests.Data;
using Xunit;

namespace Backtest.Tests.Sources;

/// <summary>
/// The footer walk on hand-built Thrift compact-protocol bytes: a whole struct passes; one that ends inside a field,
/// nests too deep or claims more than its bytes is named, and never read past its end.
/// </summary>
public sealed class ParquetFooterThriftTests
{
    private const string Damaged = "the file's footer (metadata) is damaged: ";

    [Theory]
    [InlineData(new byte[] { 0x00 })]                           // an empty struct
    [InlineData(new byte[] { 0x15, 0x02, 0x00 })]               // field 1, i32 1
    [InlineData(new byte[] { 0x05, 0x04, 0x02, 0x00 })]         // field id in a varint (zigzag 2), i32 1
    [InlineData(new byte[] { 0x19, 0x25, 0x02, 0x04, 0x00 })]   // field 1, a list of two i32
    [InlineData(new byte[] { 0x18, 0x02, 0x41, 0x42, 0x00 })]   // field 1, the string "AB"
    [InlineData(new byte[] { 0x11, 0x12, 0x00 })]               // two bools in their field headers
    public void A_whole_struct_passes(byte[] footer) => Assert.Null(ParquetFooterThrift.Problem(footer));

    [Theory]
    [InlineData(new byte[] { 0x0D }, "it ends inside a field")]                           // the field id's varint is missing
    [InlineData(new byte[] { 0x0D, 0x80 }, "it ends inside a field")]                     // ... or ends with "more follows"
    [InlineData(new byte[] { 0x15, 0x02 }, "it ends inside a field")]                     // no stop byte
    [InlineData(new byte[] { 0x17, 0x00, 0x00, 0x00 }, "it ends inside a field")]         // a double of 3 bytes
    [InlineData(new byte[] { 0x18, 0x64, 0x00 }, "a value claims 100 bytes, but 1 are left")]
    [InlineData(new byte[] { 0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00 }, "a list claims 2,147,483,647 elements, but 1 bytes are left")]
    [InlineData(new byte[] { 0x1E, 0x00 }, "a field has the unknown type 14")]
    [InlineData(new byte[] { 0x15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00 }, "a number runs longer than 10 bytes")]
    public void A_damaged_struct_is_named(byte[] footer, string problem) =>
        Assert.Equal(Damaged + problem, ParquetFooterThrift.Problem(footer));

    [Fact]
    public void Nesting_is_bounded_at_64_levels()
    {
        // Each 0x1C opens a struct in field 1 of the one before; each 0x00 closes one.
        static byte[] Nested(int levels) => [.. Enumerable.Repeat((byte)0x1C, levels - 1), .. Enumerable.Repeat((byte)0x00, levels)];

        Assert.Null(ParquetFooterThrift.Problem(Nested(64)));
        Assert.Equal(Damaged + "it nests deeper than 64 levels", ParquetFooterThrift.Problem(Nested(65)));
    }

    [Fact]
    public void The_footer_parquet_net_writes_passes()
    {
        using var dir = new TempFolder();
        TestBars.WriteParquetFile(Path.Combine(dir.Path, "MULTI.parquet"), TestBars.Ragged(2, 1), symbolColumn: true, rowGroupSize: 25);
        var file = File.ReadAllBytes(Path.Combine(dir.Path, "MULTI.parquet"));
        int length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));

        Assert.Null(ParquetFooterThrift.Problem(file.AsSpan(file.Length - 8 - length, length)));
    }
}
