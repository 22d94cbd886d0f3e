import Foundation

/// Finds the test vectors: `$ROLESYNC_VECTORS_DIR` when set, otherwise `Tests/Vectors` of the
/// package (found by walking up from this file to `Package.swift`).
enum SharedVectors {
    struct NotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "test vectors not found; looked in \(searched.joined(separator: ", ")). "
                + "Set ROLESYNC_VECTORS_DIR to the folder holding aws-sigv4/ and ec2-query-samples/."
        }
    }

    static func directory(_ name: String, filePath: String = #filePath) throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["ROLESYNC_VECTORS_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override).appendingPathComponent(name))
        }
        if let root = packageRoot(from: filePath) {
            candidates.append(root.appendingPathComponent("Tests/Vectors").appendingPathComponent(name))
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        throw NotFound(searched: candidates.map(\.path))
    }

    static func packageRoot(from filePath: String) -> URL? {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// The names of the sub-folders of a vectors directory, sorted; empty if it is missing.
    static func caseNames(in name: String) -> [String] {
        guard let directory = try? directory(name),
              let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return entries.filter { entry in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: directory.appendingPathComponent(entry).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    static func read(_ name: String, _ relativePath: String) throws -> String {
        try String(contentsOf: directory(name).appendingPathComponent(relativePath), encoding: .utf8)
    }
}
