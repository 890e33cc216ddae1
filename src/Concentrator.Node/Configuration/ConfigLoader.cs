using Microsoft.Extensions.Configuration;

namespace Concentrator.Node.Configuration;

/// <summary>Reads the JSON configuration (comments allowed), then CONCENTRATOR_* environment variables over it.</summary>
public static class ConfigLoader
{
    public const string EnvironmentPrefix = "CONCENTRATOR_";

    /// <summary>The default file when --config is not given.</summary>
    public const string DefaultPath = "/etc/concentrator/concentrator.json";

    /// <summary>Loads and binds; unknown keys are errors (a misspelt key must not be silently ignored).</summary>
    /// <exception cref="ConfigException">The file is missing or unreadable, or a value does not fit its key.</exception>
    public static ConcentratorConfig Load(string? path)
    {
        var builder = new ConfigurationBuilder();
        if (path is not null)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw new ConfigException($"{full}: no such configuration file — pass --config with the path of one (see ops/concentrator.example.json)");
            builder.AddJsonFile(full, optional: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        try
        {
            var root = builder.Build();
            var config = new ConcentratorConfig();
            root.Bind(config, o => o.ErrorOnUnknownConfiguration = true);
            return config;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException or InvalidDataException)
        {
            throw new ConfigException($"{path ?? "environment"}: {e.Message}{(e.InnerException is null ? "" : " (" + e.InnerException.Message + ")")}");
        }
    }

    /// <summary>Loads and validates; every problem found is in the exception's message, one per line.</summary>
    public static ConcentratorConfig LoadValid(string? path)
    {
        var config = Load(path);
        var errors = ConfigValidator.Validate(config);
        if (errors.Count > 0) throw new ConfigException(string.Join(Environment.NewLine, errors));
        return config;
    }
}

/// <summary>A configuration that cannot be used; the message says which key and how to fix it.</summary>
public sealed class ConfigException(string message) : Exception(message);
