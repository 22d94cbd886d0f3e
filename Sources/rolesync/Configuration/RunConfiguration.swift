import Configuration
import Foundation

/// The daemon's settings from three sources, merged by swift-configuration with flags first,
/// then `ROLESYNC_*` environment variables, then the `--config` file; what none of them sets
/// keeps its default. Each source is checked before merging, so a bad value is reported where it
/// was written: the file's line, the variable's name, or the flag.
struct RunConfiguration {
    private let reader: ConfigReader

    init(flags: [RunSettingKey: RunSettingValue], environment: [String: String], file: [RunSettingKey: RunSettingValue]) throws {
        let prefix = "ROLESYNC_"
        var stripped: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix(prefix) {
            stripped[String(name.dropFirst(prefix.count))] = value
        }
        for key in RunSettingKey.allCases {
            let name = Self.environmentName(key)
            if let value = stripped[String(name.dropFirst(prefix.count))], let problem = RunSettingValue.check(value, as: key.kind) {
                throw RunConfigError(file: "", message: "environment variable \(name): \(problem)")
            }
        }
        reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: Self.values(flags)),
            EnvironmentVariablesProvider(environmentVariables: stripped),
            InMemoryProvider(name: "file", values: Self.values(file)),
        ])
    }

    /// `ROLESYNC_DECISIONS_BRANCH` for `decisionsBranch`.
    static func environmentName(_ key: RunSettingKey) -> String {
        "ROLESYNC_" + key.rawValue.reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }

    func text(_ key: RunSettingKey) -> String? {
        reader.string(forKey: ConfigKey(key.rawValue))
    }

    func text(_ key: RunSettingKey, default value: String) -> String {
        reader.string(forKey: ConfigKey(key.rawValue), default: value)
    }

    func count(_ key: RunSettingKey) -> Int? {
        reader.int(forKey: ConfigKey(key.rawValue))
    }

    func list(_ key: RunSettingKey) -> [String] {
        reader.stringArray(forKey: ConfigKey(key.rawValue)) ?? []
    }

    private static func values(_ settings: [RunSettingKey: RunSettingValue]) -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in settings {
            let content: ConfigContent = switch value {
            case .text(let text): .string(text)
            case .count(let count): .int(count)
            case .list(let list): .stringArray(list)
            }
            values[AbsoluteConfigKey([key.rawValue])] = ConfigValue(content, isSecret: false)
        }
        return values
    }
}
