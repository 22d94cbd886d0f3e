import Foundation

/// Results written by concurrent workers into their own slots, read in order once all are in.
/// Workers claim the next slot to fill, so a slow item never holds the others back.
final class OrderedResults<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, any Error>?]
    private var next = 0

    /// The next unclaimed slot, or nil when every slot has a worker.
    func claim() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, any Error>) {
        lock.withLock { slots[index] = result }
    }

    /// Every slot's result; call after the workers are done.
    var values: [Result<Value, any Error>] {
        lock.withLock { slots.map { $0 ?? .failure(CancellationError()) } }
    }
}
