import Foundation
import TestSupport

/// One emulator per suite, started on first use and shared by that suite's tests, which run
/// one after another (`.serialized`) and reset it before each. Suites run in parallel, each
/// against its own server, so no test sees another's fleet.
actor Emulators {
    static let shared = Emulators()
    private var servers: [String: Task<MotoServer, any Error>] = [:]

    /// The suite's server, emptied of everything earlier tests left in it. Signature checking
    /// stays off: these tests are about reconciling, the AWS client tests cover signing.
    func fresh(for suite: String) async throws -> MotoServer {
        let task = servers[suite] ?? Task { try await MotoServer.start(timeout: .seconds(60)) }
        servers[suite] = task
        let server = try await task.value
        try await server.reset()
        return server
    }
}
