import Foundation
import NIOCore

/// The number of connections the health server holds open, shared by every event loop that
/// accepts one; a connection takes a slot when accepted and gives it back when it closes.
final class ConnectionSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var inUse = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Takes a slot for `channel` and frees it when the channel closes; false when all are taken.
    func take(for channel: any Channel) -> Bool {
        let taken = lock.withLock {
            guard inUse < capacity else { return false }
            inUse += 1
            return true
        }
        if taken { channel.closeFuture.whenComplete { _ in self.release() } }
        return taken
    }

    /// Connections open right now.
    var count: Int { lock.withLock { inUse } }

    private func release() {
        lock.withLock { inUse -= 1 }
    }
}

/// A connection accepted while every slot was taken; it is closed at once.
struct HealthServerFull: Error {}
