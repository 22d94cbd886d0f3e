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
    public static func scan(paths: [String]) async throws -> [SecretMatch] {
        try await findings(paths: paths).findings.map(\.match)
    }

    /// `scan(paths:)` with fingerprints and accounts, and the files passed over (binary, or
    /// over `maxFileBytes`) counted.
    public static func findings(
        paths: [String], maxFileBytes: Int = FileCredentialScan.maxFileBytes
    ) async throws -> (findings: [SecretFinding], skipped: ScanSkipped) {
        let scanned = try await findingsAndPairs(paths: paths, maxFileBytes: maxFileBytes)
        return (scanned.findings, scanned.skipped)
    }

    /// `findings(paths:maxFileBytes:)` with the key pairs found, for `--verify`.
    ///
    /// Files are read and scanned on every core at once, one file per worker at a time, so
    /// memory stays within a few `maxFileBytes`; results keep the files' order, and the first
    /// unreadable file in that order is the error. The reads block, so they run on Dispatch's
    /// threads, never on the Swift concurrency pool (`concurrentPerform` is started from a
    /// global queue: called from a Swift task it would run on that one thread).
    public static func findingsAndPairs(
        paths: [String], maxFileBytes: Int = FileCredentialScan.maxFileBytes
    ) async throws -> (findings: [SecretFinding], skipped: ScanSkipped, pairs: [KeyPair]) {
        let files = try paths.flatMap(files(under:))
        let results = OrderedResults<FileResult>(count: files.count)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                DispatchQueue.concurrentPerform(iterations: files.count) { index in
                    results.set(index, Result { try scanFile(files[index], maxFileBytes: maxFileBytes) })
                }
                done.resume()
            }
        }
        var found: [SecretFinding] = []
        var pairs: [KeyPair] = []
        var skipped = ScanSkipped()
        var seen = Set<KeyPair>()
        for result in results.values {
            switch try result.get() {
            case .scanned(let findings, let filePairs):
                found += findings
                pairs += filePairs.filter { seen.insert($0).inserted }
            case .tooLarge: skipped.large += 1
            case .binary: skipped.binary += 1
            }
        }
        return (found.sorted { $0.match < $1.match }, skipped, pairs)
    }

    enum FileResult: Sendable {
        case scanned([SecretFinding], [KeyPair])
        case tooLarge
        case binary
    }

    static func scanFile(_ file: String, maxFileBytes: Int) throws -> FileResult {
        switch try readText(file, maxFileBytes: maxFileBytes) {
        case .text(let text):
            let scanned = CredentialScanner.findingsAndPairs(in: text, location: file)
            return .scanned(scanned.findings, scanned.pairs)
        case .tooLarge: return .tooLarge
        case .binary: return .binary
        }
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

    /// Reads with one `open`, `fstat` and as few `read`s as the size needs: no Foundation
    /// attribute dictionaries or copies on a path taken thousands of times a second. A file
    /// that grows past the limit while read is still passed over.
    static func readText(_ path: String, maxFileBytes: Int) throws -> FileText {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ScanError(path: path, reason: "cannot read the file (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ScanError(path: path, reason: "cannot read the file") }
        guard Int(status.st_size) <= maxFileBytes else { return .tooLarge }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw ScanError(path: path, reason: "cannot read the file (\(String(cString: strerror(errno))))") }
            if count == 0 { break }
            filled += count
            if filled == bytes.count {
                guard bytes.count <= maxFileBytes else { return .tooLarge }
                bytes += [UInt8](repeating: 0, count: min(bytes.count, maxFileBytes + 1 - bytes.count))
            }
        }
        return bytes.withUnsafeBufferPointer { buffer in
            let content = UnsafeBufferPointer(rebasing: buffer[..<filled])
            if content.prefix(8192).contains(0) { return .binary }
            // Without an anchor nothing can be found: the text is not even decoded.
            guard SecretAnchors.present(in: content) else { return .text("") }
            return .text(String(decoding: content, as: UTF8.self))
        }
    }
}

public struct ScanError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
