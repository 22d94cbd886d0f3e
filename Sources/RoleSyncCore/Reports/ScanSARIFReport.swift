import Foundation

/// `rolesync scan --format sarif`: one rule per detector, one result per finding located at its
/// path and line, with the secret's fingerprint as the partial fingerprint so code scanning
/// tracks a finding across runs and commits (the fingerprint reveals nothing of the secret).
/// The SARIF shapes are `SARIFReport`'s.
public enum ScanSARIFReport {
    static let rules: [(id: String, text: String)] = [
        (SecretMatch.Kind.accessKeyId.rawValue, "An AWS access key id is committed or embedded: rotate it in its account."),
        (SecretMatch.Kind.secretAccessKey.rawValue, "An AWS secret access key is committed or embedded: deactivate and rotate the key it belongs to."),
        (SecretMatch.Kind.sessionToken.rawValue, "An AWS session token is committed or embedded: revoke the role's sessions issued before now."),
    ]

    public static func render(_ document: ScanDocument) -> Data {
        typealias SARIF = SARIFReport
        let results = document.findings.map { finding in
            let index = rules.firstIndex { $0.id == finding.kind } ?? 0
            var properties: [String: String] = [:]
            properties["account"] = finding.account
            properties["commit"] = finding.commit
            properties["author"] = finding.author
            properties["stillPresent"] = finding.stillPresent.map { $0 ? "true" : "false" }
            properties["canary"] = finding.canary.map { $0 ? "true" : "false" }
            properties["verification"] = finding.verification?.status.rawValue
            properties["identity"] = finding.verification?.arn
            return SARIF.Result(
                // A canary token is planted on purpose: shown, but not an alert.
                ruleId: rules[index].id, ruleIndex: index, level: finding.canary == true ? "note" : "error",
                message: SARIF.Message(text: message(finding)),
                locations: finding.path.map { path in
                    [SARIF.Location(physicalLocation: SARIF.PhysicalLocation(
                        artifactLocation: SARIF.ArtifactLocation(uri: path), region: SARIF.Region(startLine: finding.lineNumber ?? 1)))]
                } ?? [],
                partialFingerprints: finding.fingerprint.map { ["rolesyncSecret/v1": $0] } ?? [:],
                properties: properties)
        }
        let log = SARIF.Log(runs: [SARIF.Run(tool: SARIF.Tool(driver: SARIF.Driver(rules: rules.map {
            SARIF.Rule(id: $0.id, shortDescription: SARIF.Message(text: $0.text), defaultConfiguration: SARIF.Configuration(level: "error"))
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
        if finding.canary == true { text += ", a canary token (not a leak)" }
        if let verification = finding.verification { text += ", \(verification.summary)" }
        return text + "."
    }
}
