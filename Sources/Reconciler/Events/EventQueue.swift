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
}
