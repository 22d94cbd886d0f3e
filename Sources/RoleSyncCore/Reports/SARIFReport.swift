import Foundation

/// Drift as SARIF 2.1.0, for code-scanning dashboards: one rule per drift kind, one result per
/// drift item, located at the manifest line that asked for the profile (when there is one) and
/// logically at the instance.
public enum SARIFReport {
    public static func render(_ drift: DriftReport) -> Data { render(items: drift.items, revision: drift.desiredRevision) }

    /// A plan's launch template items also say what is planned for the template (a new
    /// version, or why not), since a code-scanning reviewer sees only these results.
    public static func render(_ plan: Plan) -> Data {
        var planned: [String: [String]] = [:]
        for action in plan.actions where action.subject != nil {
            planned[Differ.instanceKey(action.instanceId, action.target), default: []].append(
                "\(action.type.rawValue) \(action.status.rawValue)")
        }
        return render(items: plan.drift, revision: plan.desiredRevision, planned: planned)
    }

    static func render(items: [DriftItem], revision: String, planned: [String: [String]] = [:]) -> Data {
        let rules = DriftKind.allCases.map { kind in
            Rule(id: kind.rawValue, shortDescription: Message(text: kind.summary),
                 defaultConfiguration: Configuration(level: level(kind)))
        }
        let results = items.map { item in
            Result(
                ruleId: item.kind.rawValue,
                ruleIndex: DriftKind.allCases.firstIndex(of: item.kind) ?? 0,
                level: level(item.kind),
                message: Message(text: message(item) + causeNote(item) + plannedNote(planned[Differ.instanceKey(item.instanceId, item.target)])),
                locations: [Location(
                    physicalLocation: item.source.map {
                        PhysicalLocation(artifactLocation: ArtifactLocation(uri: $0.file), region: Region(startLine: $0.line))
                    },
                    logicalLocations: [LogicalLocation(
                        name: item.instanceId, fullyQualifiedName: "\(item.account)/\(item.region)/\(item.instanceId)",
                        kind: "resource")]
                )])
        }
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(rules: rules)), results: results,
            properties: ["desiredRevision": revision])])
        // Strings and ints only: encoding cannot fail.
        return try! RoleSyncJSON.encoder().encode(log)
    }

    static func level(_ kind: DriftKind) -> String {
        switch kind {
        case .exempt, .pending, .launchConfiguration: "note"
        case .unmanaged, .exemptionExpired, .userDataUninspected: "warning"
        default: "error"
        }
    }

    /// ` Planned: update-launch-template planned.`, or nothing.
    static func plannedNote(_ actions: [String]?) -> String {
        guard let actions, !actions.isEmpty else { return "" }
        return " Planned: " + actions.sorted().joined(separator: ", ") + "."
    }

    static func message(_ item: DriftItem) -> String {
        var text = "\(item.instanceId) in \(item.account)/\(item.region): \(item.kind.summary)"
        if item.kind == .userDataUninspected {
            // Not about profiles: the reason says what could not be read.
        } else if item.kind != .embeddedCredentials {
            text += " (desired \(item.desired ?? "nothing"), attached \(item.actual ?? "nothing"))"
        } else if let key = item.actual {
            text += " (\(key))"
        }
        if let reason = item.reason { text += ": \(reason)" }
        return text + "."
    }

    /// ` Caused by … .` when a change event explains the item, ` Cause unknown.` for a change
    /// found with none, nothing for items no change event could explain.
    static func causeNote(_ item: DriftItem) -> String {
        if let cause = item.cause { return " Caused by \(cause.summary)." }
        return item.kind.isLiveChange ? " Cause unknown." : ""
    }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var properties: [String: String]?
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "rolesync"
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var defaultConfiguration: Configuration
    }

    struct Configuration: Encodable { var level: String }

    struct Message: Encodable { var text: String }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        /// What code scanning tracks a result by across runs (`rolesync scan`).
        var partialFingerprints: [String: String]?
        var properties: [String: String]?
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation?
        var logicalLocations: [LogicalLocation]?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable { var uri: String }

    struct Region: Encodable { var startLine: Int }

    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }
}
