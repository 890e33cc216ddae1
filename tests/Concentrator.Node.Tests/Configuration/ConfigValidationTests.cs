using Concentrator.Node.Configuration;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Configuration;

/// <summary>Configuration files: the shipped ones are valid, and each mistake is named with its key and a fix.</summary>
public sealed class ConfigValidationTests
{
    [Theory]
    [InlineData("ops/concentrator.example.json")]
    [InlineData("ops/concentrator.demo.json")]
    public void The_shipped_configurations_are_valid(string file)
    {
        var config = ConfigLoader.Load(Path.Combine(RepositoryPaths.Root, file));
        Assert.Empty(ConfigValidator.Validate(config));
    }

    [Theory]
    [InlineData("""{ "tunnel": { "mtu": 1600 } }""", "tunnel.mtu: 1600 is outside 576–1500")]
    [InlineData("""{ "tunnel": { "localAddress": "10.77.0.300" } }""", "tunnel.localAddress:")]
    [InlineData("""{ "pools": [ { "name": "a", "range": "10.77.0.0/33" } ] }""", "pools[0]:")]
    [InlineData("""{ "pools": [ { "name": "a", "range": "10.77.0.0/24" } ] }""", "could be handed to a client")]
    [InlineData("""{ "policy": { "oneSessionPerUser": "sometimes" } }""", "policy.oneSessionPerUser:")]
    [InlineData("""{ "lan": { "proxyArp": true } }""", "lan.interface: proxy-ARP is on but no LAN interface is named")]
    [InlineData("""{ "cluster": { "seedNodes": [ "10.0.0.2:4053" ] } }""", "database.provider: sqlite is this node's own file")]
    [InlineData("""{ "cluster": { "seedNodes": [ "10.0.0.2" ] } }""", "cluster.seedNodes: '10.0.0.2' is not host:port")]
    [InlineData("""{ "database": { "provider": "postgresql" } }""", "database.postgreSql: is empty")]
    public void A_mistake_is_named_with_its_key_and_a_fix(string overrides, string expected)
    {
        var errors = ConfigValidator.Validate(Load(overrides));
        var error = Assert.Single(errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Contains(" — ", error, StringComparison.Ordinal); // what to do follows the dash
    }

    [Fact]
    public void An_unknown_key_is_an_error_not_silently_ignored()
    {
        var e = Assert.Throws<ConfigException>(() => Load("""{ "tunnel": { "mut": 1400 } }"""));
        Assert.Contains("mut", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        Environment.SetEnvironmentVariable("CONCENTRATOR_LISTEN__PORT", "11723");
        try
        {
            Assert.Equal(11723, Load("{}").Listen.Port);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CONCENTRATOR_LISTEN__PORT", null);
        }
    }

    [Fact]
    public void Config_check_exits_0_for_a_valid_file_and_1_with_every_problem_otherwise()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var good = Concentrator.Node.Cli.CliApp.Build().Parse(["config", "check", Path.Combine(RepositoryPaths.Root, "ops/concentrator.example.json")]).Invoke();
            Assert.Equal(0, good);
            Assert.Contains("valid", output.ToString(), StringComparison.Ordinal);
            var file = Path.GetTempFileName();
            File.WriteAllText(file, """{ "tunnel": { "mtu": 9000, "queues": 0 }, "pools": [] }""");
            var bad = Concentrator.Node.Cli.CliApp.Build().Parse(["config", "check", file]).Invoke();
            File.Delete(file);
            Assert.Equal(1, bad);
            Assert.Contains("tunnel.mtu", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("tunnel.queues", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("pools: no address pool", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetOut(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
            Console.SetError(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });
        }
    }

    /// <summary>The example configuration with some keys replaced.</summary>
    private static ConcentratorConfig Load(string overrides)
    {
        var dir = Directory.CreateTempSubdirectory("concentrator-config-").FullName;
        try
        {
            var file = Path.Combine(dir, "c.json");
            File.WriteAllText(file, Merge(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "ops/concentrator.example.json")), overrides));
            return ConfigLoader.Load(file);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Replaces top-level sections of the (commented) example by those given.</summary>
    private static string Merge(string example, string overrides)
    {
        var options = new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip };
        var baseNode = System.Text.Json.Nodes.JsonNode.Parse(example, documentOptions: options)!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(overrides)!.AsObject().ToList())
        {
            if (value is System.Text.Json.Nodes.JsonObject section && baseNode[key] is System.Text.Json.Nodes.JsonObject target)
                foreach (var (k, v) in section.ToList()) target[k] = v?.DeepClone();
            else baseNode[key] = value?.DeepClone();
        }
        return baseNode.ToJsonString();
    }
}
