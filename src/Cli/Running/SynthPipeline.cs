using System.Globalization;

namespace Backtest.Cli.Running;

/// <summary>`bt data synth`: check the sizes, generate the synthetic universe, write it as CSV files.</summary>
public sealed class SynthPipeline(CliServices services, TextWriter stdout, TextWriter stderr)
{
    public int Execute(string directory, int symbols, int days, int seed, CancellationToken cancellationToken = default)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(directory)) errors.Add("--out must name a directory.");
        errors.AddRange(Backtest.Data.Synthetic.SyntheticUniverseOptions.Problems("--symbols", symbols, "--days", days));
        if (errors.Count > 0)
        {
            foreach (var e in errors) stderr.WriteLine($"bt data synth: {e}");
            return ExitCodes.Usage;
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (written, bars) = services.Data.WriteSynthetic(symbols, days, seed, directory, cancellationToken);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {written:N0} symbols ({bars:N0} bars, seed {seed}) to {Path.GetFullPath(directory)}"));
            return ExitCodes.Success;
        }
        catch (NotInThisBuildException e)
        {
            stderr.WriteLine($"bt data synth: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"bt data synth: cannot write to {directory}: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("bt data synth: cancelled.");
            return ExitCodes.Cancelled;
        }
    }
}
