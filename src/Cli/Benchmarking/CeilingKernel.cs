using System.Diagnostics;
using System.Globalization;

namespace Backtest.Cli.Benchmarking;

/// <summary>
/// shared/bench/s3_fused.c, the hand-written C kernel of one fused S3 pass (approximate semantics, f32,
/// OpenMP): the practical ceiling of this machine, built with the machine's C compiler and run as its own
/// process so that its speed can be set beside the engines', measured in the same session.
/// </summary>
public sealed class CeilingKernel
{
    private readonly string _binary;

    private CeilingKernel(string binary) => _binary = binary;

    /// <summary>
    /// Builds the kernel from <paramref name="source"/> into <paramref name="buildDirectory"/> with
    /// gcc (or cc) -O3 -march=native -ffast-math -fopenmp, as the file's header prescribes.
    /// Null with the reason when no compiler is found or the build fails.
    /// </summary>
    public static CeilingKernel? Build(string source, string buildDirectory, out string? problem)
    {
        if (!File.Exists(source))
        {
            problem = $"{source} not found";
            return null;
        }
        Directory.CreateDirectory(buildDirectory);
        string binary = Path.Combine(buildDirectory, "s3_fused");
        problem = "no C compiler";
        foreach (string compiler in new[] { "gcc", "cc" })
        {
            var (code, _, error) = Execute(compiler, ["-O3", "-march=native", "-ffast-math", "-fopenmp", source, "-o", binary, "-lm"], null);
            if (code == 0)
            {
                problem = null;
                return new CeilingKernel(binary);
            }
            problem = code == -1 ? $"{compiler} not found" : $"{compiler} failed: {error.Trim()}";
        }
        return null;
    }

    /// <summary>One run (the kernel itself takes the best of 5): its seconds for symbols × bars.</summary>
    public double Run(int symbols, int bars, int threads)
    {
        var (code, output, error) = Execute(
            _binary, [symbols.ToString(CultureInfo.InvariantCulture), bars.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture) });
        if (code != 0) throw new InvalidOperationException($"{_binary} exited with {code}: {error.Trim()}");
        // "symbols bars seconds bars_per_second"
        var fields = output.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            throw new InvalidOperationException($"{_binary} printed '{output.Trim()}', not 'symbols bars seconds bars_per_second'.");
        return seconds;
    }

    private static (int Code, string Output, string Error) Execute(string file, string[] arguments, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "", "");
        }
    }
}
