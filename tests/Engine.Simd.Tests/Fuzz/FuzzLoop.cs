using System.Diagnostics;
using Xunit;

namespace Backtest.Tests.Fuzz;

/// <summary>
/// A bounded fuzz run of one target: mutated seeds are fed to the target until the time is up; an input that throws
/// anything but the target's documented rejection, breaks the target's invariants, or outlives the per-input timeout
/// fails the test with the seed and iteration that rebuild it, and the input saved to a file.
/// </summary>
internal static class FuzzLoop
{
    /// <param name="name">The target, for messages and the saved input's name.</param>
    /// <param name="seeds">The corpus the inputs are mutated from.</param>
    /// <param name="mutate">Makes an input from a seed (byte-level by default; structure-aware for the cache).</param>
    /// <param name="target">Feeds one input to the loader and checks what came back; throws on a broken invariant.</param>
    /// <param name="isRejection">The target's documented errors (a message for the user), which are fine.</param>
    public static long Run(string name, IReadOnlyList<byte[]> seeds, Func<Mutator, byte[], byte[]> mutate, Action<byte[]> target, Func<Exception, bool> isRejection)
    {
        var settings = FuzzSettings.FromEnvironment();
        var clock = Stopwatch.StartNew();
        long iteration = settings.Iteration ?? 0, ran = 0, rejected = 0;
        do
        {
            var mutator = new Mutator(settings.Seed, iteration);
            var input = mutate(mutator, mutator.Pick(seeds));
            var run = Task.Factory.StartNew(() =>
            {
                try
                {
                    target(input);
                    return null;
                }
                catch (Exception thrown)
                {
                    return thrown;
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            string Where() => $"{name} fuzz: seed {settings.Seed}, iteration {iteration} (replay: BT_FUZZ_SEED={settings.Seed} BT_FUZZ_ITERATION={iteration}); input saved to {Save(name, iteration, input)}";
            if (!run.Wait(TimeSpan.FromMilliseconds(settings.InputTimeoutMs)))
                Assert.Fail($"{Where()}: no answer within {settings.InputTimeoutMs:N0} ms (a hang).");
            if (run.Result is { } e)
            {
                if (!isRejection(e)) Assert.Fail($"{Where()}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{Where()}: a rejection without a message.");
                Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"{Where()}: a rejection of several lines: {e.Message}");
                rejected++;
            }
            ran++;
            iteration++;
        }
        while (settings.Iteration is null && clock.Elapsed.TotalSeconds < settings.Seconds);

        TestContext.Current.TestOutputHelper?.WriteLine($"{name} fuzz: {ran:N0} inputs ({rejected:N0} rejected with a message) from seed {settings.Seed} in {clock.Elapsed.TotalSeconds:F1} s.");
        return ran;
    }

    private static string Save(string name, long iteration, byte[] input)
    {
        string path = Path.Combine(Path.GetTempPath(), $"bt-fuzz-{name}-{iteration}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }
}
