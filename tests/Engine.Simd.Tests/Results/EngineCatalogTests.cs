using Backtest.Engines;
using Xunit;

namespace Backtest.Tests.Results;

public class EngineCatalogTests
{
    /// <summary>The names a host of every engine assembly knows (the providers' <see cref="IEngineProvider.Names"/>).</summary>
    private static readonly string[] ProjectNames = ["reference", "simd", "metal", "metal-emulated", "auto"];

    [Fact]
    public void Resolves_a_registered_engine_by_name_ignoring_case()
    {
        var engine = new FakeEngine();
        var catalog = new EngineCatalog([engine]);
        Assert.Same(engine, catalog.Resolve("Reference", Precision.F64, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void A_catalog_from_providers_holds_their_engines_in_order_and_says_why_the_others_cannot_run()
    {
        var catalog = EngineCatalog.From([
            new Provider([new FakeEngine("simd", Precision.F64)], new Dictionary<string, string> { ["metal"] = "needs macOS on Apple silicon" }),
            new Provider([new FakeEngine("reference", Precision.F64)], new Dictionary<string, string>()),
        ]);
        Assert.Equal(["simd", "reference"], catalog.Engines.Select(e => e.Name));
        Assert.Equal("needs macOS on Apple silicon", catalog.UnavailableReason("metal"));
        Assert.Null(catalog.Resolve("metal", Precision.F64, out var error));
        Assert.Equal("--engine metal cannot run here: needs macOS on Apple silicon.", error);
    }

    [Fact]
    public void The_builds_providers_give_the_reference_and_simd_engines_here()
    {
        var catalog = EngineCatalog.From([new SimdEngineProvider(), new ReferenceEngineProvider()]);
        Assert.Equal(["simd", "reference"], catalog.Engines.Select(e => e.Name));
        Assert.IsType<SimdEngine>(catalog.GridEngine);
    }

    private sealed class Provider(IBacktestEngine[] engines, Dictionary<string, string> unavailable) : IEngineProvider
    {
        public IReadOnlyList<string> Names => [.. engines.Select(e => e.Name), .. unavailable.Keys];

        public IEnumerable<IBacktestEngine> Engines() => engines;

        public IReadOnlyDictionary<string, string> Unavailable() => unavailable;
    }

    [Fact]
    public void An_unsupported_precision_is_named_in_the_error()
    {
        var catalog = new EngineCatalog([new FakeEngine()]);
        Assert.Null(catalog.Resolve("reference", Precision.F32, out var error));
        Assert.Equal("--precision f32 is not supported by the reference engine.", error);
    }

    [Theory]
    [InlineData("simd")]
    [InlineData("metal")]
    [InlineData("auto")]
    public void Project_engines_missing_from_the_build_are_said_to_be_not_available(string name)
    {
        var catalog = new EngineCatalog([new FakeEngine()], knownNames: ProjectNames);
        Assert.Null(catalog.Resolve(name, Precision.F64, out var error));
        Assert.Equal($"--engine {name} is not available in this build (available: reference).", error);
    }

    [Fact]
    public void An_unknown_name_lists_the_engines()
    {
        var catalog = new EngineCatalog([new FakeEngine()], knownNames: ProjectNames);
        Assert.Null(catalog.Resolve("gpu", Precision.F64, out var error));
        Assert.Equal("--engine gpu is not an engine; the engines are reference, simd, metal, metal-emulated, auto (available in this build: reference).", error);
    }

    [Fact]
    public void An_engine_that_cannot_run_here_says_why()
    {
        var catalog = new EngineCatalog([new FakeEngine()], new Dictionary<string, string> { ["metal"] = "it needs macOS on Apple silicon" });
        Assert.Null(catalog.Resolve("Metal", Precision.F32, out var error));
        Assert.Equal("--engine Metal cannot run here: it needs macOS on Apple silicon.", error);
        Assert.Equal("it needs macOS on Apple silicon", catalog.UnavailableReason("metal"));
        Assert.Null(catalog.UnavailableReason("reference"));
        Assert.Equal(["reference"], catalog.Engines.Select(e => e.Name));
    }

    [Fact]
    public void A_catalog_from_providers_knows_every_name_they_declare_even_where_an_engine_cannot_run()
    {
        var catalog = EngineCatalog.From([new SimdEngineProvider(), new ReferenceEngineProvider()]);
        Assert.Equal(["simd", "reference"], catalog.KnownNames);
        Assert.Null(catalog.Resolve("gpu", Precision.F64, out var error));
        Assert.Equal("--engine gpu is not an engine; the engines are simd, reference (available in this build: simd, reference).", error);
    }
}
