using System.Reflection;
using Cocona;

namespace Backtest.Cli.CommandLine;

/// <summary>
/// What one command accepts, read from the same Cocona attributes that Cocona parses with: its options (and
/// which of them are flags, taking no value), and how many positional arguments it takes.
/// </summary>
public sealed record CommandSyntax(string Name, IReadOnlyDictionary<string, bool> OptionIsFlag, int MaxArguments)
{
    /// <summary>Options every command accepts from Cocona itself.</summary>
    private static readonly string[] BuiltInFlags = ["help"];

    /// <summary>The syntax of each [Command] method of <paramref name="commandType"/>, named "<paramref name="prefix"/> name".</summary>
    public static IEnumerable<CommandSyntax> Of(Type commandType, string prefix)
    {
        ArgumentNullException.ThrowIfNull(commandType);
        foreach (var method in commandType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var command = method.GetCustomAttribute<CommandAttribute>();
            if (command is null) continue;
            var options = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (string flag in BuiltInFlags) options[flag] = true;
            int arguments = 0;
            foreach (var parameter in method.GetParameters())
            {
                if (typeof(ICommandParameterSet).IsAssignableFrom(parameter.ParameterType))
                {
                    foreach (var property in parameter.ParameterType.GetProperties())
                    {
                        if (property.GetCustomAttribute<OptionAttribute>() is { } setOption)
                            options[setOption.Name ?? property.Name] = IsFlag(property.PropertyType);
                    }
                }
                else if (parameter.GetCustomAttribute<OptionAttribute>() is { } option)
                {
                    options[option.Name ?? parameter.Name!] = IsFlag(parameter.ParameterType);
                }
                else if (parameter.GetCustomAttribute<ArgumentAttribute>() is not null)
                {
                    arguments = parameter.ParameterType.IsArray ? int.MaxValue : arguments + 1;
                }
            }
            yield return new CommandSyntax($"{prefix} {command.Name ?? method.Name}".Trim(), options, arguments);
            // A group's primary command also runs under the group's name alone (`bt strategies`).
            if (method.GetCustomAttribute<PrimaryCommandAttribute>() is not null && prefix.Length > 0)
                yield return new CommandSyntax(prefix, options, arguments);
        }
    }

    private static bool IsFlag(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(bool);
}
