import Foundation
import Testing

/// Waiting on the world outside the test (the emulator, a daemon, a queue) to reach a state.
enum Poll {
    /// Polls `check` every 200 ms until it holds; records an issue naming `what` if it does
    /// not within `seconds`. Returns how long it took.
    @discardableResult
    static func until(_ seconds: Double, _ what: String, _ check: () async throws -> Bool) async throws -> Duration {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(seconds) {
            if (try? await check()) == true { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("not within \(seconds) s: \(what)")
        return ContinuousClock.now - start
    }
}
