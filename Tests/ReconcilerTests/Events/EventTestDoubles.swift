import AWSClient
import Foundation
@testable import Reconciler

/// An events queue in memory: hands out its batches in turn and remembers what was deleted
/// and handed back, by receipt handle.
actor FakeEventQueue: EventQueue {
    var batches: [[QueuedMessage]]
    private(set) var deleted: [String] = []
    private(set) var released: [String] = []
    var failDeletes = false

    init(_ batches: [[QueuedMessage]]) { self.batches = batches }
    func setFailDeletes(_ fail: Bool) { failDeletes = fail }

    func receive() async throws -> [QueuedMessage] {
        batches.isEmpty ? [] : batches.removeFirst()
    }

    func delete(_ message: QueuedMessage) async throws {
        if failDeletes { throw AWSTransportError.timeout }
        deleted.append(message.receiptHandle)
    }

    func release(_ message: QueuedMessage) async throws {
        released.append(message.receiptHandle)
    }
}
