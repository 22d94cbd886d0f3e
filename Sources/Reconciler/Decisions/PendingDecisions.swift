import Foundation
import RoleSyncCore

/// Decision records that were made but could not be committed, kept as files until a later
/// run commits them: the audit trail survives an unreachable repository.
struct PendingDecisions: Sendable {
    /// `<cache>/pending-decisions/<repository, made a folder name>/`.
    let folder: URL

    init(cacheDirectory: URL, repository: String) {
        let name = String(repository.map { $0.isLetter || $0.isNumber ? $0 : "-" })
        folder = cacheDirectory.appendingPathComponent("pending-decisions").appendingPathComponent(name)
    }

    /// Writes the record; returns its file.
    func keep(_ record: DecisionRecord) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(record.runId).json")
        try record.encodeJSON().write(to: file, options: .atomic)
        return file
    }

    /// Commits every kept record, oldest first, deleting each file once its commit is made.
    func commitPending(with recorder: any DecisionRecorder) async throws {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        for file in files.filter({ $0.pathExtension == "json" }).sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let record = try DecisionRecord.decode(from: Data(contentsOf: file))
            _ = try await recorder.record(record)
            try FileManager.default.removeItem(at: file)
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
