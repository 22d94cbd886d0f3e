import Foundation
import Logging
import RoleSyncCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decision records kept as files until they are committed: every record is written here
/// first, before anything that can fail, and removed once its commit is made. So the audit
/// trail survives an unreachable repository, a refused push and a crash mid-commit.
public struct PendingDecisions: Sendable {
    /// `<cache>/pending-decisions/<repository key>/`.
    public let folder: URL

    public init(cacheDirectory: URL, repository: String) {
        folder = cacheDirectory.appendingPathComponent("pending-decisions")
            .appendingPathComponent(CacheKey.folderName(for: repository))
    }

    /// Writes the record durably (written to a temporary file, forced to disk, renamed);
    /// returns its file.
    @discardableResult
    public func keep(_ record: DecisionRecord) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = self.file(for: record.runId)
        let staging = folder.appendingPathComponent(".\(record.runId).json.tmp")
        try record.encodeJSON().write(to: staging)
        let descriptor = open(staging.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(staging.path, file.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        return file
    }

    public func file(for runId: String) -> URL {
        folder.appendingPathComponent("\(runId).json")
    }

    /// Whether a record of `runId` is waiting here.
    public func holds(_ runId: String) -> Bool {
        FileManager.default.fileExists(atPath: file(for: runId).path)
    }

    /// Forgets a committed record.
    public func remove(_ runId: String) {
        try? FileManager.default.removeItem(at: file(for: runId))
    }

    /// The kept records, oldest first. Unreadable files are skipped; with `moveAside` they are
    /// renamed `*.unreadable` (with a warning) so they never block later records.
    public func records(moveAside: Bool = false, logger: Logger? = nil) -> [DecisionRecord] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        var records: [DecisionRecord] = []
        for file in files.filter({ $0.pathExtension == "json" }).sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            do {
                records.append(try DecisionRecord.decode(from: Data(contentsOf: file)))
            } catch {
                guard moveAside else { continue }
                let aside = file.appendingPathExtension("unreadable")
                try? FileManager.default.moveItem(at: file, to: aside)
                logger?.warning("a kept decision record could not be read and was moved aside", metadata: [
                    "file": "\(aside.path)", "error": "\(error)",
                ])
            }
        }
        return records
    }

    /// Commits every kept record but `except`, oldest first, removing each once committed.
    /// Best effort: a record that cannot be committed now stays for the next run, and never
    /// keeps the current run's record from being committed.
    public func commitPending(with recorder: any DecisionRecorder, except runId: String? = nil, logger: Logger? = nil) async {
        for record in records(moveAside: true, logger: logger) where record.runId != runId {
            do {
                _ = try await recorder.record(record)
                remove(record.runId)
            } catch {
                logger?.warning("a kept decision record could not be committed yet; it stays kept", metadata: [
                    "runId": "\(record.runId)", "error": "\(error)",
                ])
                return
            }
        }
    }
}

/// The run's actions happened but their record could not be committed; it was kept on disk.
public struct DecisionNotCommitted: Error, Sendable, CustomStringConvertible {
    public var keptAt: String
    public var cause: any Error

    public var description: String {
        "the decision record could not be committed (\(cause)); it is kept at \(keptAt) and will be committed by the next run"
    }
}

/// Neither the commit nor the local copy of a record could be written. The record itself is
/// the message, in full, so that the decision survives at least in the output.
public struct DecisionNotRecorded: Error, Sendable, CustomStringConvertible {
    public var record: DecisionRecord
    public var keepError: any Error
    public var commitError: any Error

    public var description: String {
        """
        CHANGES WERE MADE AND NOT RECORDED: the decision record could be neither committed (\(commitError)) \
        nor kept on disk (\(keepError)). Keep this record; it is the only copy:
        \(String(decoding: record.encodeJSON(), as: UTF8.self))
        """
    }
}
