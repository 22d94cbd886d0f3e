import Foundation
import RoleSyncCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write-ahead log of mutations: before each EC2 mutation the executor appends an intent
/// line and forces it to disk; after the call, its answer. A run killed between the two leaves
/// the intent behind, and the next run reads it (`IntentJournal+Recovery`), re-reads those
/// instances and folds what happened into its own decision record. The file is removed once a
/// record that accounts for every run in it is kept.
///
/// One JSON object per line (`JournalLine`), so a torn last line from a crash mid-write is
/// recognisable and skipped. One writer per repository on a machine (`RunLock`) keeps lines of
/// two runs from interleaving.
public actor IntentJournal {
    public nonisolated let file: URL
    private var handle: FileHandle?
    private var sequence = 0

    /// `<cache>/journal/<repository, made a folder name>.jsonl`.
    public init(cacheDirectory: URL, repository: String) {
        file = cacheDirectory.appendingPathComponent("journal")
            .appendingPathComponent(CacheKey.folderName(for: repository) + ".jsonl")
    }

    public init(file: URL) {
        self.file = file
    }

    /// Announces a call about to be sent; returns the number its answer refers to. Throws
    /// when the intent cannot be made durable: then the call must not be sent.
    public func intend(_ call: JournalCall, runId: String) throws -> Int {
        sequence += 1
        try append(JournalLine(event: .intent, runId: runId, sequence: sequence, call: call, answer: nil))
        return sequence
    }

    /// Records EC2's answer to call `sequence`. Best effort: a lost answer line only means the
    /// next run re-reads an instance whose call in fact completed.
    public func answered(_ sequence: Int, runId: String, succeeded: Bool) {
        try? append(JournalLine(
            event: .answer, runId: runId, sequence: sequence, call: nil, answer: succeeded ? .succeeded : .failed))
    }

    /// Every run of the journal is accounted for in a kept decision record: start afresh.
    public func clear() throws {
        try handle?.close()
        handle = nil
        if FileManager.default.fileExists(atPath: file.path) {
            try FileManager.default.removeItem(at: file)
        }
    }

    private func append(_ line: JournalLine) throws {
        let handle = try openHandle()
        var data = try JSONEncoder.journal.encode(line)
        data.append(0x0a)
        try handle.write(contentsOf: data)
        guard fsync(handle.fileDescriptor) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
    }

    private func openHandle() throws -> FileHandle {
        if let handle { return handle }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: file.path) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
            }
        }
        let opened = try FileHandle(forWritingTo: file)
        try opened.seekToEnd()
        handle = opened
        return opened
    }
}

/// One EC2 mutation as the journal names it: enough to re-read its instance and tell whether
/// it took effect.
public struct JournalCall: Sendable, Hashable, Codable {
    public var account: String
    public var region: String
    public var instanceId: String
    public var action: ActionType
    /// `associate`, `replace` or `disassociate`; for a launch template fix
    /// `create-launch-template-version`, `modify-launch-template` or `update-auto-scaling-group`
    /// (its `instanceId` is then the template's label).
    public var call: String
    /// The association the call acts on (Replace, Disassociate), when there is one.
    public var associationId: String?
    /// The association the plan expected to find.
    public var expectedProfile: String?
    /// The profile the call sets; nil for a disassociate.
    public var profile: String?

    public init(
        account: String, region: String, instanceId: String, action: ActionType, call: String,
        associationId: String? = nil, expectedProfile: String? = nil, profile: String? = nil
    ) {
        self.account = account
        self.region = region
        self.instanceId = instanceId
        self.action = action
        self.call = call
        self.associationId = associationId
        self.expectedProfile = expectedProfile
        self.profile = profile
    }
}

/// A line of the journal file.
struct JournalLine: Sendable, Hashable, Codable {
    enum Event: String, Codable { case intent, answer }
    enum Answer: String, Codable { case succeeded, failed }

    var event: Event
    var runId: String
    var sequence: Int
    var call: JournalCall?
    var answer: Answer?
}

extension JSONEncoder {
    /// Compact, key-sorted: one line per entry.
    static var journal: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
