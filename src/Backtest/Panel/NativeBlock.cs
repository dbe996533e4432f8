using System.Runtime.InteropServices;

namespace Backtest.Panel;

/// <summary>
/// Page-aligned native memory whose length is a whole number of pages: what Metal's
/// newBufferWithBytesNoCopy needs to wrap it without a copy, and aligned for any vector load.
/// On Linux, blocks of 2 MiB or more are aligned to 2 MiB and advised as transparent huge pages: the
/// bar-major panel is read with a stride of one row per bar, which would otherwise cost a TLB miss per
/// row. The memory is not zeroed.
/// </summary>
public sealed unsafe class NativeBlock : IDisposable
{
    private const nuint HugePage = 2 << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE

    private void* _pointer;

    private NativeBlock(void* pointer, long length)
    {
        _pointer = pointer;
        Length = length;
    }

    /// <summary>Bytes held: the requested size rounded up to a whole number of pages.</summary>
    public long Length { get; }

    public static int PageSize => Environment.SystemPageSize;

    public void* Pointer => _pointer != null ? _pointer : throw new ObjectDisposedException(nameof(NativeBlock));

    /// <summary>At least <paramref name="bytes"/> bytes (one page for 0).</summary>
    public static NativeBlock Allocate(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        long page = PageSize;
        long length = Math.Max(page, (bytes + page - 1) / page * page);
        bool huge = OperatingSystem.IsLinux() && length >= (long)HugePage;
        nuint alignment = huge ? HugePage : (nuint)page;
        void* pointer = NativeMemory.AlignedAlloc((nuint)length, alignment);
        if (huge) AdviseHugePages(pointer, length);
        return new NativeBlock(pointer, length);
    }

    public void Dispose()
    {
        if (_pointer == null) return;
        NativeMemory.AlignedFree(_pointer);
        _pointer = null;
    }

    // Best effort: a kernel without transparent huge pages, or a libc without madvise, only loses speed.
    private static void AdviseHugePages(void* pointer, long length)
    {
        try
        {
            _ = madvise((nint)pointer, (nuint)length, MadviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc.so.6", EntryPoint = "madvise")]
    private static extern int madvise(nint address, nuint length, int advice);
}
