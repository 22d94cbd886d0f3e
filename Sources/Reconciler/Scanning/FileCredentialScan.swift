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
        try findings(paths: paths).findings.map(\.match)
    }

    /// `scan(paths:)` with fingerprints and accounts, and the files passed over (binary, or
    /// over `maxFileBytes`) counted.
    public static func findings(
        paths: [String], maxFileBytes: Int = FileCredentialScan.maxFileBytes
    ) throws -> (findings: [SecretFinding], skipped: ScanSkipped) {
        let scanned = try findingsAndPairs(paths: paths, maxFileBytes: maxFileBytes)
        return (scanned.findings, scanned.skipped)
    }

    /// `findings(paths:maxFileBytes:)` with the key pairs found, for `--verify`.
    public static func findingsAndPairs(
        paths: [String], maxFileBytes: Int = FileCredentialScan.maxFileBytes
    ) throws -> (findings: [SecretFinding], skipped: ScanSkipped, pairs: [KeyPair]) {
        var found: [SecretFinding] = []
        var pairs: [KeyPair] = []
        var skipped = ScanSkipped()
        for path in paths {
            for file in try files(under: path) {
                switch try readText(file, maxFileBytes: maxFileBytes) {
                case .text(let text):
                    let scanned = CredentialScanner.findingsAndPairs(in: text, location: file)
                    found += scanned.findings
                    pairs += scanned.pairs
                case .tooLarge: skipped.large += 1
                case .binary: skipped.binary += 1
                }
            }
        }
        var seen = Set<KeyPair>()
        return (found.sorted { $0.match < $1.match }, skipped, pairs.filter { seen.insert($0).inserted })
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

    enum FileText {
        case text(String)
        case tooLarge
        /// A NUL byte in the first 8 KiB.
        case binary
    }

    static func readText(_ path: String, maxFileBytes: Int) throws -> FileText {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maxFileBytes { return .tooLarge }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScanError(path: path, reason: "cannot read the file")
        }
        if data.prefix(8192).contains(0) { return .binary }
        // Without an anchor nothing can be found: the text is not even decoded.
        guard SecretAnchors.present(in: data) else { return .text("") }
        return .text(String(decoding: data, as: UTF8.self))
    }
}

public struct ScanError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
