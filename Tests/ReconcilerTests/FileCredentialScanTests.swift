import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// Scanning real files in a temporary folder: keys found with their line, `.git` and binary
/// files passed over, secrets never kept in full.
@Suite struct FileCredentialScanTests {
    // Made-up keys: an id of the AKIA form and a high-entropy 40-character secret.
    static let script = """
        #!/bin/sh
        export AWS_ACCESS_KEY_ID=AKIAQ3EGRCZXKJ7WNP4M
        export AWS_SECRET_ACCESS_KEY=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
        """

    @Test func findsKeysInFoldersButNotInGitOrBinaryFiles() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("app/.git"), withIntermediateDirectories: true)
        try Self.script.write(to: root.appendingPathComponent("app/start.sh"), atomically: true, encoding: .utf8)
        try Self.script.write(to: root.appendingPathComponent("app/.git/config"), atomically: true, encoding: .utf8)
        try (Data([0]) + Data(Self.script.utf8)).write(to: root.appendingPathComponent("app/blob.bin"))
        try "nothing here\n".write(to: root.appendingPathComponent("README"), atomically: true, encoding: .utf8)

        let matches = try await FileCredentialScan.scan(paths: [root.path])
        let file = root.appendingPathComponent("app/start.sh").path
        #expect(matches.map(\.location) == ["\(file):2", "\(file):3"])
        #expect(matches.map(\.kind) == [.accessKeyId, .secretAccessKey])
        #expect(matches.map(\.redacted) == ["AKIA…NP4M", SecretMatch.secretMask])
        #expect(!String(describing: matches).contains("q8Zr"))
    }

    @Test func aMissingPathIsAnErrorNamingIt() async {
        await #expect(throws: ScanError.self) { try await FileCredentialScan.scan(paths: ["/nonexistent/rolesync-scan"]) }
        let error = ScanError(path: "/nonexistent/rolesync-scan", reason: "no such file or folder")
        #expect(error.description == "/nonexistent/rolesync-scan: no such file or folder")
    }

    @Test func manyFilesScannedAtOnceComeBackInOrderWithTheLimitCounted() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for index in 0..<60 {
            let text = index % 3 == 0 ? Self.script : "echo build step \(index)\n"
            try text.write(to: root.appendingPathComponent(String(format: "f%02d.sh", index)), atomically: true, encoding: .utf8)
        }
        // Exactly at the limit is read; one byte over is passed over and counted.
        let limit = Self.script.utf8.count
        try (Self.script + "#").write(to: root.appendingPathComponent("over.sh"), atomically: true, encoding: .utf8)
        try "".write(to: root.appendingPathComponent("empty"), atomically: true, encoding: .utf8)

        let scanned = try await FileCredentialScan.findingsAndPairs(paths: [root.path], maxFileBytes: limit)

        let expected = stride(from: 0, to: 60, by: 3).flatMap { index in
            [2, 3].map { "\(root.path)/\(String(format: "f%02d.sh", index)):\($0)" }
        }
        #expect(scanned.findings.map(\.match.location) == expected)
        #expect(scanned.skipped.large == 1 && scanned.skipped.binary == 0)
        #expect(scanned.pairs.count == 1, "the same pair in 20 files is one pair to verify")
    }
}
