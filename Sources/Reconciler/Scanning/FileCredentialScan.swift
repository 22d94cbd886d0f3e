import Foundation
import RoleSyncCore

/// Looks for AWS keys in files and folders: scripts, configuration, images' file trees. The
/// file half of the CIS control's "audit all scripts and environment variables".
public enum FileCredentialScan {
    /// Files larger than this are passed over: keys live in scripts and configuration, not in
    /// multi-megabyte data files.
    public static let maxFileBytes = 5 << 20

    /// Scans every regular text file under `paths` (folders recursively, `.git` skipped).
    /// Locations are `path:line` with the path as reached from the given one.
    public static func scan(paths: [String]) throws -> [SecretMatch] {
        var matches: [SecretMatch] = []
        for path in paths {
            for file in try files(under: path) {
                guard let text = try readText(file) else { continue }
                matches += CredentialScanner.scan(text: text, location: file)
            }
        }
        return matches.sorted()
    }

    static func files(under path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScanError(path: path, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        let base = URL(fileURLWithPath: path)
        guard let walker = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey], options: [])
        else { throw ScanError(path: path, reason: "cannot list the folder") }
        var found: [String] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            if values?.isDirectory == true, url.lastPathComponent == ".git" {
                walker.skipDescendants()
                continue
            }
            guard values?.isRegularFile == true else { continue }
            let relative = String(url.path.dropFirst(base.path.count)).drop { $0 == "/" }
            found.append(path == "." ? String(relative) : (path as NSString).appendingPathComponent(String(relative)))
        }
        return found.sorted()
    }

    /// The file as text, or nil for binary (a NUL byte in the first 8 KB) or oversized files.
    static func readText(_ path: String) throws -> String? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maxFileBytes { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScanError(path: path, reason: "cannot read the file")
        }
        if data.prefix(8192).contains(0) { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

public struct ScanError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
