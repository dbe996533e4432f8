using Backtest.Metal.Host;
using Backtest.Tests.Support;

namespace Backtest.Metal.Tests.Host;

/// <summary>A test's s3 settings as the S3 shader's parameter set.</summary>
internal static class S3SettingsRuns
{
    public static S3Run ToRun(this S3Settings s3) => new(s3.Instance, s3.Execution);
}
