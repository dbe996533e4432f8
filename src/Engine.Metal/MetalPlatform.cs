using System.Runtime.InteropServices;

namespace Backtest.Metal;

/// <summary>
/// Where the Metal engine can run at all: Apple silicon macOS. The Objective-C binding assumes arm64's
/// calling convention (structs through plain objc_msgSend), so Intel Macs are excluded on purpose.
/// The engine itself arrives with its own issue; this gate is what `--engine metal` checks first.
/// </summary>
public static class MetalPlatform
{
    public static bool IsSupportedPlatform =>
        OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    /// <summary>Why Metal cannot run here, for the one-line error of --engine metal.</summary>
    public static string UnsupportedReason =>
        $"the Metal engine needs macOS on Apple silicon (arm64); this is {RuntimeInformation.OSDescription.Trim()} on {RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
}
