using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Backtest.Strategies.Language;

/// <summary>
/// Reads a strategy file (strategies.md): lexes, parses and checks it into a <see cref="StrategyDefinition"/>, or
/// throws a <see cref="StrategyException"/> whose errors read <c>FILE:LINE:COLUMN: message</c> (§7).
/// </summary>
public static class StrategyCompiler
{
    /// <summary>Parses a file from its bytes (UTF-8; the SHA-256 is of these bytes, a leading BOM included).</summary>
    public static StrategyDefinition Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(utf8));
        var text = utf8.StartsWith(Encoding.UTF8.Preamble) ? utf8[Encoding.UTF8.Preamble.Length..] : utf8;
        var chars = new char[text.Length];
        var status = Utf8.ToUtf16(text, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            string before = new(chars, 0, written);
            int line = 1 + before.Count(c => c == '\n');
            int column = 1 + before.Length - (before.LastIndexOf('\n') + 1);
            throw new StrategyException(new StrategyError(fileName, line, column, $"the file is not UTF-8 text (byte 0x{text[read]:X2} at offset {read})"));
        }
        return Compile(new string(chars, 0, written), fileName, sha256);
    }

    /// <summary>Parses a file from its text (hashed as UTF-8).</summary>
    public static StrategyDefinition Parse(string source, string fileName) =>
        Compile(source, fileName, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source))));

    /// <summary>Reads and parses the file at <paramref name="path"/>; errors name it as given.</summary>
    public static StrategyDefinition ParseFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StrategyException(new StrategyError(path, 0, 0, $"cannot read the strategy file: {e.Message}"));
        }
        return Parse(bytes, path);
    }

    private static StrategyDefinition Compile(string source, string fileName, string sha256)
    {
        var tokens = Lexer.Tokenize(source, fileName);
        var statements = Parser.Parse(tokens, source, fileName);
        var end = tokens[^1];
        var strategy = Checker.Check(statements, fileName, end.Line, end.Column);
        return new StrategyDefinition(strategy, fileName, source, sha256);
    }
}
