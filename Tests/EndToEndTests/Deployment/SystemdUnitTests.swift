import Foundation
import Testing
import TestSupport

/// `manifests/deploy/systemd/rolesync.service` is a unit systemd accepts, hardened as the
/// README says, and it runs the daemon with flags `rolesync run` knows.
@Suite struct SystemdUnitTests {
    static let unitPath = "manifests/deploy/systemd/rolesync.service"
    static let installedBinary = "/usr/local/bin/rolesync"

    static func unitText() throws -> String {
        try String(contentsOf: RoleSyncBinary.packageRoot().appendingPathComponent(unitPath), encoding: .utf8)
    }

    /// `systemd-analyze verify` also checks that ExecStart's program exists, so it verifies a
    /// copy whose ExecStart names the built binary; everything else is verified as shipped.
    @Test func systemdAnalyzeVerifyAcceptsTheUnit() async throws {
        let analyze = try await ProcessRunner.run(["sh", "-c", "command -v systemd-analyze"])
        try #require(analyze.exitCode == 0, "systemd-analyze is missing: scripts/install-deps.sh installs it (package systemd)")
        let text = try Self.unitText()
        #expect(text.contains("ExecStart=\(Self.installedBinary) run"))
        let directory = try TemporaryDirectory(prefix: "rolesync-unit")
        defer { directory.remove() }
        let copy = try directory.write(
            text.replacingOccurrences(of: Self.installedBinary, with: try RoleSyncBinary.url().path),
            to: "rolesync.service")

        let result = try await ProcessRunner.run(["systemd-analyze", "verify", copy.path])

        #expect(result.exitCode == 0, "systemd-analyze verify: \(result.stdout)\(result.stderr)")
        #expect(!result.stderr.contains("rolesync.service:"), "warnings about the unit: \(result.stderr)")
    }

    @Test func unitIsHardened() throws {
        let settings = Self.settings(try Self.unitText())
        let required: [String: String] = [
            "DynamicUser": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "NoNewPrivileges": "yes",
            "PrivateTmp": "yes", "CapabilityBoundingSet": "", "StateDirectory": "rolesync",
            "CacheDirectory": "rolesync", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
            "Restart": "on-failure", "EnvironmentFile": "-/etc/rolesync/rolesync.env",
        ]
        for (key, value) in required {
            #expect(settings[key]?.contains(value) == true, "\(key)=\(value) expected, found \(settings[key] ?? [])")
        }
        #expect(settings["SystemCallFilter"]?.contains("@system-service") == true)
        // rolesync's cache is $XDG_CACHE_HOME/rolesync: %C/rolesync is the CacheDirectory.
        #expect(settings["Environment"]?.contains("XDG_CACHE_HOME=%C") == true, "\(settings["Environment"] ?? [])")
    }

    /// Every `--flag` of ExecStart is one `rolesync run --help` lists.
    @Test func execStartUsesFlagsOfRun() async throws {
        let text = try Self.unitText().replacingOccurrences(of: "\\\n", with: " ")
        let execStart = try #require(Self.settings(text)["ExecStart"]?.first)
        let flags = execStart.split(separator: " ").filter { $0.hasPrefix("--") }
        let help = try await RoleSyncBinary.run(["run", "--help"])
        #expect(!flags.isEmpty)
        for flag in flags {
            #expect(help.stdout.contains(String(flag)), "\(flag) is not a flag of rolesync run")
        }
    }

    /// `Key=value` lines of the unit, every value of repeated keys in order.
    static func settings(_ text: String) -> [String: [String]] {
        var settings: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("[") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingCharacters(in: .whitespaces)
            settings[key, default: []].append(String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
        }
        return settings
    }
}
