import AWSClient
import Foundation

/// One message from the events queue: its body, and the handle that deletes it.
public struct QueuedMessage: Sendable, Hashable {
    public var id: String
    public var receiptHandle: String
    public var body: String

    public init(id: String, receiptHandle: String, body: String) {
        self.id = id
        self.receiptHandle = receiptHandle
        self.body = body
    }
}

/// Where change events come from: a long-polled queue whose messages are deleted only once
/// dealt with. The effect boundary of event-driven reconciling, faked in tests.
public protocol EventQueue: Sendable {
    /// Waits for messages (up to the queue's long-poll time); empty when none came.
    func receive() async throws -> [QueuedMessage]
    func delete(_ message: QueuedMessage) async throws
    /// Hands a message back to the queue undeleted, visible again after a short while, for
    /// another receiver: its event names a target this replica does not reconcile.
    func release(_ message: QueuedMessage) async throws
}

/// What became of a message (the `result` label of `rolesync_events_total`).
public enum EventOutcome: String, Sendable, CaseIterable {
    /// A watched change: a converge is started, and the message deleted once recorded.
    case accepted
    /// Not an EventBridge CloudTrail event: left on the queue for its dead-letter policy.
    case malformed
    /// Another source or call: left on the queue too.
    case foreign
    /// Deleted after the converge that covered it recorded its decision.
    case deleted
    /// Handed back undeleted: it names a target this replica does not reconcile (another
    /// replica holds its shard, or the desired state has no such target).
    case released
    /// A receive or delete that failed (retried at the next poll).
    case queueError = "queue-error"
}

/// The SQS queue an EventBridge rule feeds (`manifests/deploy/events/`).
public struct SQSEventQueue: EventQueue {
    public var client: SQSClient
    public var url: String
    /// Long-poll time per receive, 1–20 s.
    public var wait: Int
    /// How long a received message stays hidden: longer than a converge, so it is not
    /// received again before its decision is recorded.
    public var visibility: Int

    /// Seconds a handed-back message stays hidden: soon enough for the replica holding its
    /// shard, and no hot loop of receives when no replica does (its receive count grows each
    /// time, so the redrive policy ends it).
    public static let releaseDelay = 10

    public init(client: SQSClient, url: String, wait: Int = 20, visibility: Int = 300) {
        self.client = client
        self.url = url
        self.wait = wait
        self.visibility = visibility
    }

    public func receive() async throws -> [QueuedMessage] {
        try await client.receive(queue: url, wait: wait, visibility: visibility).map {
            QueuedMessage(id: $0.messageId, receiptHandle: $0.receiptHandle, body: $0.body)
        }
    }

    public func delete(_ message: QueuedMessage) async throws {
        try await client.delete(queue: url, receiptHandle: message.receiptHandle)
    }

    public func release(_ message: QueuedMessage) async throws {
        try await client.changeVisibility(queue: url, receiptHandle: message.receiptHandle, timeout: Self.releaseDelay)
    }
}
