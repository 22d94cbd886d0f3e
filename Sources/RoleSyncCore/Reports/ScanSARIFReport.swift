import Foundation

/// `rolesync scan --format sarif`: one rule per detector, one result per finding located at its
/// path and line, with the secret's fingerprint as the partial fingerprint so code scanning
/// tracks a finding across runs and commits (the fingerprint reveals nothing of the secret).
public enum ScanSARIFReport {
    static let rules: [(id: String, text: String)] = [
        (SecretMatch.Kind.accessKeyId.rawValue, "An AWS access key id is committed or embedded: rotate it in its account."),
        (SecretMatch.Kind.secretAccessKey.rawValue, "An AWS secret access key is committed or embedded: deactivate and rotate the key it belongs to."),
        (SecretMatch.Kind.sessionToken.rawValue, "An AWS session token is committed or embedded: revoke the role's sessions issued before now."),
    ]

    public static func render(_ document: ScanDocument) -> Data {
        let results = document.findings.map { finding in
            let index = rules.firstIndex { $0.id == finding.kind } ?? 0
            var properties: [String: String] = [:]
            properties["account"] = finding.account
            properties["commit"] = finding.commit
            properties["author"] = finding.author
            properties["stillPresent"] = finding.stillPresent.map { $0 ? "true" : "false" }
            return Result(
                ruleId: rules[index].id, ruleIndex: index,
                message: Message(text: message(finding)),
                locations: finding.path.map { path in
                    [Location(physicalLocation: PhysicalLocation(
                        artifactLocation: ArtifactLocation(uri: path), region: Region(startLine: finding.lineNumber ?? 1)))]
                } ?? [],
                partialFingerprints: finding.fingerprint.map { ["rolesyncSecret/v1": $0] } ?? [:],
                properties: properties)
        }
        let log = Log(runs: [Run(tool: Tool(driver: Driver(rules: rules.map {
            Rule(id: $0.id, shortDescription: Message(text: $0.text))
        })), results: results)])
        // Strings and ints only: encoding cannot fail.
        return try! RoleSyncJSON.encoder().encode(log)
    }

    static func message(_ finding: ScanFinding) -> String {
        var text = "\(finding.kind) \(finding.redacted)"
        if let account = finding.account { text += " of account \(account)" }
        if let commit = finding.commit {
            text += ", first committed in \(commit.prefix(12))"
            text += finding.stillPresent == true ? ", still present" : ", since removed (still in history)"
        }
        return text + "."
    }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "rolesync"
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var defaultConfiguration = ["level": "error"]
    }

    struct Message: Encodable { var text: String }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level = "error"
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: [String: String]
    }

    struct Location: Encodable { var physicalLocation: PhysicalLocation }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable { var uri: String }

    struct Region: Encodable { var startLine: Int }
}
