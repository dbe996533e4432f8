using System.Text;

namespace Backtest.Results;

/// <summary>
/// Replaces a set of files in one directory as a whole: after <see cref="Commit"/> a reader finds all the new files,
/// and if it fails, all the old ones. Every file is first written under a temporary name (<see cref="OutputTempFiles"/>)
/// and flushed to disk; only when all are written are they renamed over the final names, in the order added. A failure
/// while writing (a full disk, a writer that throws) deletes the temporary files and leaves the old set as it was.
/// </summary>
/// <remarks>
/// The renames are not one atomic step: a crash between two of them would leave a mix. So before the first rename the
/// set writes a journal (<c>.bt.PID.ID.commit</c>: one line per file, <c>+name</c> to move in, <c>-name</c> to delete)
/// and deletes it after the last; the next set written into the directory finds a journal of a dead process and
/// completes its renames (<see cref="RecoverInterruptedCommits"/>), so the mix never outlives the next run.
/// </remarks>
public sealed class OutputFileSet
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _directory;
    private readonly Func<string, Stream> _create;
    private readonly string _id = OutputTempFiles.NewId();
    private readonly bool _removeStaleTemps;
    private readonly List<(string Name, Action<Stream>? Write)> _files = [];

    /// <param name="directory">Created if missing.</param>
    /// <param name="create">Opens a temporary file for writing; tests inject failures (a full disk) here.</param>
    /// <param name="removeStaleTemps">
    /// Remove the temporary files of dead processes (and complete their interrupted commits) before writing; false
    /// where the caller did it once for many sets in one directory.
    /// </param>
    public OutputFileSet(string directory, Func<string, Stream>? create = null, bool removeStaleTemps = true)
    {
        _removeStaleTemps = removeStaleTemps;
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        _create = create ?? (path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
    }

    /// <summary>Adds a file to write; <paramref name="fileName"/> is a name in the directory.</summary>
    public OutputFileSet Add(string fileName, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Entry(fileName, write);
    }

    /// <summary>Adds a UTF-8 text file (no byte order mark, \n line ends).</summary>
    public OutputFileSet AddText(string fileName, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Add(fileName, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });
    }

    /// <summary>Deletes <paramref name="fileName"/> with the commit, if it exists: a file of an older set that this one has not.</summary>
    public OutputFileSet Remove(string fileName) => Entry(fileName, null);

    /// <summary>Writes every file, then renames them all into place; returns the full paths written, in order.</summary>
    public IReadOnlyList<string> Commit()
    {
        Directory.CreateDirectory(_directory);
        if (_removeStaleTemps) OutputTempFiles.RemoveStale(_directory);
        var staged = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (name, write) in _files)
            {
                if (write is null) continue;
                string temp = Path.Combine(_directory, OutputTempFiles.TempName(Environment.ProcessId, _id, name));
                staged.Add((temp, Path.Combine(_directory, name)));
                using var stream = _create(temp);
                write(stream);
                // A writer that closed the stream has flushed it to the system already; one that did not is flushed to disk.
                if (stream.CanWrite) stream.Flush();
                if (stream is FileStream { CanWrite: true } file) file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            foreach (var (temp, _) in staged) OutputTempFiles.TryDelete(temp);
            throw;
        }

        var entries = _files.Select(f => (f.Name, Move: f.Write is not null)).ToList();
        if (entries is [(_, true)])
        {
            // One file and nothing to remove: its one rename is atomic by itself, no journal needed.
            try
            {
                Apply(_directory, entries, _id, Environment.ProcessId);
            }
            catch
            {
                OutputTempFiles.TryDelete(staged[0].Temp);
                throw;
            }
            return staged.Select(s => s.Final).ToArray();
        }

        string journal = Path.Combine(_directory, OutputTempFiles.JournalName(_id));
        try
        {
            WriteJournal(journal);
        }
        catch
        {
            foreach (var (temp, _) in staged) OutputTempFiles.TryDelete(temp);
            OutputTempFiles.TryDelete(journal);
            throw;
        }
        // From here a failure leaves the journal: the next set written here completes the commit.
        Apply(_directory, entries, _id, Environment.ProcessId);
        File.Delete(journal);
        return staged.Select(s => s.Final).ToArray();
    }

    /// <summary>Completes the commits that a process which has since died left half done in <paramref name="directory"/>.</summary>
    public static void RecoverInterruptedCommits(string directory)
    {
        foreach (string journal in Directory.EnumerateFiles(directory, OutputTempFiles.JournalPattern))
        {
            string name = Path.GetFileName(journal);
            if (!OutputTempFiles.IsOfDeadProcess(name)) continue;
            string[] parts = name.Split('.');
            // "", "bt", PID, ID, "commit"
            if (parts.Length != 5 || !int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out int pid)) continue;
            var entries = new List<(string Name, bool Move)>();
            foreach (string line in File.ReadAllLines(journal, Utf8NoBom))
            {
                if (line.Length > 1 && line[0] is '+' or '-') entries.Add((line[1..], line[0] == '+'));
            }
            Apply(directory, entries, parts[3], pid);
            File.Delete(journal);
        }
    }

    private OutputFileSet Entry(string fileName, Action<Stream>? write)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (Path.GetFileName(fileName) != fileName) throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        _files.Add((fileName, write));
        return this;
    }

    private void WriteJournal(string journal)
    {
        string temp = journal + ".tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream, Utf8NoBom))
        {
            foreach (var (name, write) in _files) writer.Write($"{(write is null ? '-' : '+')}{name}\n");
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, journal);
    }

    // Moves each staged file over its final name (a temporary file already moved is skipped: recovery may repeat
    // this) and deletes the files the set removes.
    private static void Apply(string directory, IReadOnlyList<(string Name, bool Move)> entries, string id, int pid)
    {
        foreach (var (name, move) in entries)
        {
            string final = Path.Combine(directory, name);
            if (!move)
            {
                File.Delete(final);
                continue;
            }
            string temp = Path.Combine(directory, OutputTempFiles.TempName(pid, id, name));
            if (File.Exists(temp)) File.Move(temp, final, overwrite: true);
        }
    }
}
