import Foundation
import Logging
import Yams

/// The settings `rolesync run --config FILE` reads. Keys are the long flags in camelCase, so a
/// flag and its key never differ; the same names, upper snake case with `ROLESYNC_`, are the
/// environment variables (`decisionsBranch`, `--decisions-branch`, `ROLESYNC_DECISIONS_BRANCH`).
enum RunSettingKey: String, CaseIterable, Sendable {
    case repo, branch, path, cacheDir, decisionsBranch
    case interval, driftInterval, lockTimeout, listen
    case maxChanges
    case region, profile, endpointUrl
    case logFormat, logLevel
    case webhookSecretFile
    case sshKey, sshKeyPassphraseFile, sshKnownHosts, gitTokenFile, gitUser
    case allowedSigners, requireSignedCommits
    case leaseTable, failover, replicaId
    case eventsQueue, eventsWait

    /// What a value must look like.
    enum Kind: Sendable { case text, count, regions, duration, address, logFormat, logLevel, boolean }

    var kind: Kind {
        switch self {
        case .repo, .branch, .path, .cacheDir, .decisionsBranch, .profile, .endpointUrl, .webhookSecretFile: .text
        case .sshKey, .sshKeyPassphraseFile, .sshKnownHosts, .gitTokenFile, .gitUser, .allowedSigners: .text
        case .leaseTable, .replicaId, .eventsQueue: .text
        case .requireSignedCommits: .boolean
        case .interval, .driftInterval, .lockTimeout, .failover, .eventsWait: .duration
        case .listen: .address
        case .maxChanges: .count
        case .region: .regions
        case .logFormat: .logFormat
        case .logLevel: .logLevel
        }
    }

    /// The flag spelling, for messages: `--decisions-branch`.
    var flag: String {
        "--" + rawValue.reduce(into: "") { name, character in
            if character.isUppercase { name += "-" + character.lowercased() } else { name.append(character) }
        }
    }
}

/// A configuration file that could not be used, with where and why.
struct RunConfigError: Error, CustomStringConvertible {
    var file: String
    var line: Int?
    var column: Int?
    var message: String

    var description: String {
        guard !file.isEmpty else { return message }
        return "\(file)\(line.map { ":\($0)" } ?? "")\(column.map { ":\($0)" } ?? ""): error: \(message)"
    }
}

/// Reads and checks a configuration file: a YAML mapping of known keys to values of the right
/// kind. Every problem is an error naming the file, line and key; nothing of a bad file is used.
enum RunConfigFile {
    /// A file larger than this is refused before it is parsed.
    static let maximumSize = 256 * 1024

    static func load(_ path: String) throws -> [RunSettingKey: RunSettingValue] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let data = FileManager.default.contents(atPath: path)
        else { throw RunConfigError(file: path, message: "cannot read the configuration file") }
        if let size = attributes[.size] as? Int, size > maximumSize {
            throw RunConfigError(file: path, message: "the configuration file is \(size) bytes, over the \(maximumSize)-byte limit")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RunConfigError(file: path, message: "the configuration file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws -> [RunSettingKey: RunSettingValue] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RunConfigError(file: file, message: "not valid YAML: \(error)")
        }
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            throw RunConfigError(file: file, line: node.mark?.line, column: node.mark?.column, message: "expected a mapping of settings")
        }
        var values: [RunSettingKey: RunSettingValue] = [:]
        for (keyNode, valueNode) in mapping {
            let name = keyNode.string ?? "\(keyNode)"
            let at = { (message: String) in
                RunConfigError(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column, message: message)
            }
            guard let key = RunSettingKey(rawValue: name) else {
                let known = RunSettingKey.allCases.map(\.rawValue).joined(separator: ", ")
                throw at("unknown key `\(name)`; known keys: \(known)")
            }
            let value = try RunSettingValue(node: valueNode, kind: key.kind) { problem in
                RunConfigError(file: file, line: valueNode.mark?.line, column: valueNode.mark?.column, message: "`\(name)`: \(problem)")
            }
            values[key] = value
        }
        return values
    }
}

/// One setting's value, checked against its kind.
enum RunSettingValue: Sendable, Equatable {
    case text(String)
    case count(Int)
    case list([String])

    init(node: Node, kind: RunSettingKey.Kind, problem: (String) -> RunConfigError) throws {
        switch kind {
        case .regions:
            if let scalar = node.scalar {
                self = .list([scalar.string])
            } else if let sequence = node.sequence, sequence.allSatisfy({ $0.scalar != nil }) {
                self = .list(sequence.compactMap { $0.scalar?.string })
            } else {
                throw problem("expected a region or a list of regions")
            }
        case .count:
            guard let text = node.scalar?.string, let count = Int(text), count >= 0 else {
                throw problem("expected a whole number, 0 or more")
            }
            self = .count(count)
        default:
            guard let text = node.scalar?.string, !text.isEmpty else { throw problem("expected a text value") }
            if let reason = RunSettingValue.check(text, as: kind) { throw problem(reason) }
            self = .text(text)
        }
    }

    /// Why `text` is not a valid value of `kind`, or nil when it is.
    static func check(_ text: String, as kind: RunSettingKey.Kind) -> String? {
        switch kind {
        case .duration: IntervalOption(argument: text) == nil ? "`\(text)` is not a duration such as 30s, 1m, 5m, 1h30m" : nil
        case .address: ListenOption(argument: text) == nil ? "`\(text)` is not HOST:PORT" : nil
        case .logFormat: LogFormat(rawValue: text) == nil ? "`\(text)` is not text or json" : nil
        case .logLevel: Logger.Level(rawValue: text) == nil ? "`\(text)` is not trace, debug, info, notice, warning or error" : nil
        case .count: Int(text).map { $0 < 0 } ?? true ? "`\(text)` is not a whole number, 0 or more" : nil
        case .boolean: ["true", "false"].contains(text) ? nil : "`\(text)` is not true or false"
        case .text, .regions: nil
        }
    }
}
