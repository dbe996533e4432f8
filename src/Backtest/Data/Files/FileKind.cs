using System.Runtime.InteropServices;

namespace Backtest.Data.Files;

/// <summary>What a path names once symbolic links are followed.</summary>
internal enum FileKind
{
    /// <summary>A regular file: the only kind whose bytes can be read to an end.</summary>
    Regular,

    Directory,

    /// <summary>A named pipe: opening it for reading waits for a writer, possibly forever.</summary>
    Fifo,

    /// <summary>A character device (<c>/dev/zero</c>, a terminal): it may never end.</summary>
    CharacterDevice,

    BlockDevice,

    Socket,

    /// <summary>Nothing can be looked up under this name: removed, a broken link, or a name that is not valid UTF-8.</summary>
    Missing,

    /// <summary>The platform gives no file type (Windows, or a runtime without the call): treated as regular.</summary>
    Unknown,
}

/// <summary>
/// The file type of a path (Unix <c>stat</c>), which .NET does not expose (dotnet/runtime#85148): a FIFO or a device
/// looks like an ordinary file to <see cref="File.Exists(string)"/>, and reading one hangs or never ends.
/// </summary>
/// <remarks>
/// Calls the runtime's own native shim, <c>SystemNative_Stat</c> of <c>libSystem.Native</c>, which fills a
/// platform-independent <c>FileStatus</c> (the same on Linux and macOS, unlike libc's <c>struct stat</c>) whose
/// second 32-bit field is the mode with portable <c>S_IFMT</c> values. Should a runtime lack the call, every path
/// is <see cref="FileKind.Unknown"/> and reads stay bounded by their byte limit.
/// </remarks>
internal static partial class FileKinds
{
    // FileStatus is 17 fields (about 130 bytes) today; room to spare if the runtime adds more.
    private const int StatusBytes = 512;
    private const int ModeOffset = 4;

    private const int TypeMask = 0xF000;
    private const int TypeFifo = 0x1000;
    private const int TypeCharacterDevice = 0x2000;
    private const int TypeDirectory = 0x4000;
    private const int TypeBlockDevice = 0x6000;
    private const int TypeRegular = 0x8000;
    private const int TypeSocket = 0xC000;

    private static bool _unavailable = OperatingSystem.IsWindows();

    /// <summary>The kind of <paramref name="path"/> after following links.</summary>
    public static FileKind Of(string path)
    {
        if (_unavailable) return FileKind.Unknown;
        int mode;
        try
        {
            mode = StatMode(path);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return FileKind.Unknown;
        }

        if (mode < 0) return FileKind.Missing;
        return (mode & TypeMask) switch
        {
            TypeRegular => FileKind.Regular,
            TypeDirectory => FileKind.Directory,
            TypeFifo => FileKind.Fifo,
            TypeCharacterDevice => FileKind.CharacterDevice,
            TypeBlockDevice => FileKind.BlockDevice,
            TypeSocket => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>How a kind is named in a message: "a FIFO (named pipe)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Missing => "missing",
        _ => "of unknown type",
    };

    private static unsafe int StatMode(string path)
    {
        byte* status = stackalloc byte[StatusBytes];
        if (Stat(path, status) != 0) return -1;
        return *(int*)(status + ModeOffset);
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* status);
}
