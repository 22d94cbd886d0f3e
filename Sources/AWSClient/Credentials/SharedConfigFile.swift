import Foundation

/// The profiles of one AWS shared file, `~/.aws/credentials` or `~/.aws/config`.
///
/// The format is the SDKs' INI dialect: `[name]` sections in the credentials file,
/// `[profile name]` (and `[default]`) in the config file, `key = value` lines, whole-line
/// comments starting with `#` or `;`, inline comments after whitespace, and indented
/// sub-properties (which no key rolesync reads uses, so they are skipped).
public struct SharedConfigFile: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case credentials
        case config
    }

    /// Settings by profile name; keys are lower-cased.
    public var profiles: [String: [String: String]]

    public init(profiles: [String: [String: String]] = [:]) {
        self.profiles = profiles
    }

    /// Parses `text`; sections other than profiles (such as `[sso-session x]`) are ignored.
    public static func parse(_ text: String, kind: Kind) -> SharedConfigFile {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                current = line.hasSuffix("]") ? profileName(ofSection: line.dropFirst().dropLast(), kind: kind) : nil
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            // Indented lines belong to a sub-property (`s3 =` then `  max_concurrency = 4`).
            if rawLine.first?.isWhitespace == true { continue }
            guard let profile = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = stripInlineComment(line[line.index(after: equals)...])
            guard !key.isEmpty else { continue }
            profiles[profile, default: [:]][key] = value
        }
        return SharedConfigFile(profiles: profiles)
    }

    /// `default`, `profile name` (config) or `name` (credentials) → the profile's name.
    private static func profileName(ofSection section: Substring, kind: Kind) -> String? {
        let title = section.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .credentials:
            return title.isEmpty ? nil : title
        case .config:
            if title == "default" { return title }
            let words = title.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard words.count == 2, words[0] == "profile" else { return nil }
            return words[1].trimmingCharacters(in: .whitespaces)
        }
    }

    /// Cuts a `#` or `;` comment that follows whitespace; secrets never contain whitespace.
    private static func stripInlineComment(_ value: Substring) -> String {
        var result = Substring(value)
        var previous: Character = " "
        for index in value.indices {
            let character = value[index]
            if (character == "#" || character == ";") && previous.isWhitespace && index != value.startIndex {
                result = value[..<index]
                break
            }
            previous = character
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
