import Foundation

/// The SQS calls the events queue needs (JSON 1.0 protocol, as the SDKs now speak to SQS):
/// long-poll receive, delete, and handing a message back, through the shared transport, retries and rate limits.
public struct SQSClient: Sendable {
    static let targetPrefix = "AmazonSQS"
    let caller: JSONServiceCaller

    public init(
        endpoint: ServiceEndpoint, credentials: any CredentialProvider, policy: RequestPolicy, account: String,
        transport: QueryTransport
    ) {
        caller = JSONServiceCaller(
            transport: transport, endpoint: endpoint, credentials: credentials, policy: policy, account: account)
    }

    /// One received message: its body and the handle that deletes it.
    public struct Message: Sendable, Hashable {
        public var messageId: String
        public var receiptHandle: String
        public var body: String
        /// How many times it has been received, this time included (`ApproximateReceiveCount`).
        public var receiveCount: Int
    }

    /// The region of a queue URL (`https://sqs.eu-west-1.amazonaws.com/123456789012/name`), or
    /// nil for a URL that does not say (a local emulator's).
    public static func region(ofQueue url: String) -> String? {
        guard let host = URL(string: url)?.host else { return nil }
        let labels = host.split(separator: ".")
        guard labels.count >= 4, labels[0] == "sqs" || labels[0] == "sqs-fips" else { return nil }
        return String(labels[1])
    }

    /// Waits up to `wait` (0–20 s) for at most `limit` (1–10) messages, each then hidden from
    /// other receivers for `visibility`.
    public func receive(queue: String, wait: Int, limit: Int = 10, visibility: Int = 60) async throws -> [Message] {
        let answer = try await call("ReceiveMessage", [
            "QueueUrl": .string(queue), "WaitTimeSeconds": .integer(min(max(wait, 0), 20)),
            "MaxNumberOfMessages": .integer(min(max(limit, 1), 10)), "VisibilityTimeout": .integer(visibility),
            "MessageSystemAttributeNames": .array([.string("ApproximateReceiveCount")]),
        ])
        return (answer["Messages"] as? [[String: Any]] ?? []).compactMap { raw in
            guard let id = raw["MessageId"] as? String, let handle = raw["ReceiptHandle"] as? String else { return nil }
            let attributes = raw["Attributes"] as? [String: Any]
            let count = (attributes?["ApproximateReceiveCount"] as? String).flatMap(Int.init) ?? 1
            return Message(messageId: id, receiptHandle: handle, body: raw["Body"] as? String ?? "", receiveCount: count)
        }
    }

    public func delete(queue: String, receiptHandle: String) async throws {
        _ = try await call("DeleteMessage", ["QueueUrl": .string(queue), "ReceiptHandle": .string(receiptHandle)])
    }

    /// Makes a received message visible to other receivers after `timeout` seconds (0: at once).
    public func changeVisibility(queue: String, receiptHandle: String, timeout: Int) async throws {
        _ = try await call("ChangeMessageVisibility", [
            "QueueUrl": .string(queue), "ReceiptHandle": .string(receiptHandle), "VisibilityTimeout": .integer(timeout),
        ])
    }

    private func call(_ operation: String, _ fields: [String: JSONValue]) async throws -> [String: Any] {
        try await caller.object(Self.targetPrefix, operation, fields)
    }
}
