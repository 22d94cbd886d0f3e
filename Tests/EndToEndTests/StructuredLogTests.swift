import Foundation
import Testing
import TestSupport

/// `run --log-format json`: one JSON object per line, a line per action, decision and cycle
/// with the fields an operator filters on, and never a credential, even at trace level.
@Suite(.timeLimit(.minutes(3))) struct StructuredLogTests {
    static let secrets = [
        "accessKey": "AKIAROLESYNCLOGTEST7", "secretKey": "rolesync/NeverPrint/ThisSecretKey0123456789",
        "sessionToken": "IQoJb3JpZ2luX2VjEROLESYNC-never-print-this-session-token",
    ]

    @Test func everyLineIsJSONWithTheFieldsAndNoSecret() async throws {
        let fleet = try await DaemonFleet.make(instances: 3)
        defer { fleet.stop() }
        var environment = fleet.environment
        environment["AWS_ACCESS_KEY_ID"] = Self.secrets["accessKey"]
        environment["AWS_SECRET_ACCESS_KEY"] = Self.secrets["secretKey"]
        environment["AWS_SESSION_TOKEN"] = Self.secrets["sessionToken"]

        let result = try await RoleSyncBinary.run(
            ["run", "--once", "--repo", fleet.repository.path, "--log-format", "json", "--log-level", "trace"],
            environment: environment)
        #expect(result.exitCode == 0, "\(result.stderr)")

        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("rolesync run:") }
        #expect(lines.count > 5, "\(result.stderr)")
        var entries: [[String: String]] = []
        for line in lines {
            let entry = try? JSONDecoder().decode([String: String].self, from: Data(line.utf8))
            #expect(entry != nil, "not a JSON log line: \(line)")
            if let entry { entries.append(entry) }
        }
        #expect(entries.allSatisfy { $0["time"] != nil && $0["level"] != nil && $0["message"] != nil })

        let actions = entries.filter { $0["message"] == "action succeeded" }
        #expect(actions.count == 3, "\(entries)")
        for action in actions {
            #expect(action["runId"] != nil && action["target"] != nil && action["action"] == "associate")
            #expect(fleet.instances.contains(action["instance"] ?? ""))
            #expect(action["result"] == "succeeded")
        }
        #expect(entries.contains { $0["message"] == "decision recorded" && $0["commit"] != nil })
        #expect(entries.contains { $0["message"] == "cycle finished" && $0["result"] == "success" && $0["succeeded"] == "3" })

        for (name, secret) in Self.secrets {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "the \(name) leaked into the output")
        }
        // Nor into the decision records.
        let records = try await fleet.repository.git("log", "-p", "rolesync/decisions")
        for (name, secret) in Self.secrets {
            #expect(!records.contains(secret), "the \(name) leaked into a decision record")
        }
    }
}
