import Foundation
import Logging
import RoleSyncCore

/// The change events received and not yet covered by a recorded converge.
///
/// A converge takes the causes of every event received before it started (`beginCycle`), so its
/// drift items and decision record name who made each change; once its decision is recorded the
/// messages of those events are deleted (`settle`). Events that arrive during a converge wait for
/// the next one, which their arrival triggers at once. A message received again before it is
/// settled (its visibility ran out) keeps its place with the newer receipt handle, which is the
/// one SQS deletes by.
public actor EventInbox {
    private struct Entry {
        var message: QueuedMessage
        var event: ChangeEvent
        var sequence: Int
    }

    private let queue: any EventQueue
    private let metrics: DaemonMetrics?
    private let logger: Logger
    private var entries: [String: Entry] = [:]
    private var sequence = 0

    public init(queue: any EventQueue, metrics: DaemonMetrics? = nil, logger: Logger = Logger(label: "rolesync.events")) {
        self.queue = queue
        self.metrics = metrics
        self.logger = logger
    }

    /// Keeps `event`; false when its message was already kept (a redelivery).
    @discardableResult
    public func add(_ message: QueuedMessage, event: ChangeEvent) -> Bool {
        if entries[message.id] != nil {
            entries[message.id]?.message = message
            return false
        }
        sequence += 1
        entries[message.id] = Entry(message: message, event: event, sequence: sequence)
        return true
    }

    /// How many events wait for a recorded converge.
    public var pendingCount: Int { entries.count }

    /// The causes a converge starting now explains its drift with, and the mark to settle.
    public func beginCycle() -> (causes: [ChangeEvent], mark: Int) {
        (entries.values.sorted { $0.sequence < $1.sequence }.map(\.event), sequence)
    }

    /// Settles the events received up to `mark`: the converge that took them has recorded its
    /// decision. An event of a target in `covered` is deleted; one of any other target is
    /// handed back to the queue for a replica that reconciles it (or, when none does, for the
    /// dead-letter queue once its receive count runs out). A failed delete keeps the event;
    /// the message comes back after its visibility timeout and is settled by a later converge.
    public func settle(upTo mark: Int, covered: Set<Target>) async {
        let due = entries.values.filter { $0.sequence <= mark }.sorted { $0.sequence < $1.sequence }
        for entry in due {
            let target = Target(account: entry.event.account, region: entry.event.region)
            guard covered.contains(target) else {
                await release(entry)
                continue
            }
            do {
                try await queue.delete(entry.message)
                entries[entry.message.id] = nil
                metrics?.record(event: .deleted)
            } catch {
                metrics?.record(event: .queueError)
                logger.warning("an event message could not be deleted; it is settled by a later converge", metadata: [
                    "messageId": "\(entry.message.id)", "error": "\(error)",
                ])
            }
        }
    }

    /// Forgets an event this replica does not reconcile and hands its message back. A failed
    /// hand-back is forgotten too: the message comes back after its visibility timeout anyway.
    private func release(_ entry: Entry) async {
        entries[entry.message.id] = nil
        do {
            try await queue.release(entry.message)
            metrics?.record(event: .released)
        } catch {
            metrics?.record(event: .queueError)
        }
        logger.info("an event names a target this replica does not reconcile; handed back to the queue", metadata: [
            "messageId": "\(entry.message.id)", "target": "\(entry.event.account)/\(entry.event.region)",
        ])
    }
}
