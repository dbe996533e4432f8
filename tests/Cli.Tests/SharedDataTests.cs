using Backtest.Tests; namespace Backtest.Cli.Tests; public class Smoke { [Xunit.Fact] public void Shared_data_is_found() => Xunit.Assert.True(File.Exists(SharedData.Data("SOURCES.md"))); }
