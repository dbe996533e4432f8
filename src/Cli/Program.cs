namespace Backtest.Cli; public static class Program { public static int Main(string[] args) { System.Console.WriteLine("bt"); return 0; } }
