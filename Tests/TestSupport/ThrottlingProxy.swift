import Foundation

/// `scripts/bench/throttling_proxy.py` as a real process in front of the emulator: EC2's token
/// buckets per account, region and category (`RequestLimitExceeded` over them) and EC2's
/// refusal of Replace on a stopped instance, with its counters and request holds.
///
/// Starting it never falls back to the bare emulator: a missing script or a proxy that does not
/// answer is an error naming the reason, so a test that needs EC2's limits never runs without them.
public final class ThrottlingProxy: Sendable {
    public let port: Int
    private let process: LoopbackProcess

    /// `http://127.0.0.1:PORT`, the endpoint clients are pointed at.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, process: LoopbackProcess) {
        self.port = port
        self.process = process
    }

    /// Starts the proxy in front of `server`, run by the server's own interpreter.
    public static func start(upstream server: MotoServer) async throws -> ThrottlingProxy {
        let script = RoleSyncBinary.packageRoot().appendingPathComponent("scripts/bench/throttling_proxy.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw LoopbackProcessError(reason: "the throttling proxy is missing: no \(script.path)")
        }
        let port = try LoopbackPort.free()
        let process = try await LoopbackProcess.start(
            "throttling-proxy",
            [server.pythonExecutable, "-c", MotoServer.parentWatchdog + Self.runScript, script.path, String(port), String(server.port)],
            port: port)
        return ThrottlingProxy(port: port, process: process)
    }

    /// Runs the proxy file as `__main__` under the watchdog, so it ends with the test process.
    private static let runScript = """
        import runpy
        sys.argv = sys.argv[1:]
        runpy.run_path(sys.argv[0], run_name="__main__")
        """

    public func stop() { process.stop() }

    /// What the proxy counted so far.
    public func counts() async throws -> ThrottlingCounts {
        try JSONDecoder().decode(ThrottlingCounts.self, from: Data(try await body(of: "GET", "/_proxy/counts").utf8))
    }

    /// Holds the next request of `action` that has a parameter named `parameter` until `release()`.
    public func hold(_ action: String, withParameter parameter: String = "") async throws {
        let rule = String(decoding: try JSONEncoder().encode(["action": action, "param": parameter]), as: UTF8.self)
        _ = try await body(of: "POST", "/_proxy/hold", rule)
    }

    /// How many requests are held now.
    public func held() async throws -> Int {
        Int(try await body(of: "GET", "/_proxy/held").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Lets every held request go on.
    public func release() async throws {
        _ = try await body(of: "POST", "/_proxy/release")
    }

    /// Waits until `count` requests are held; throws after `timeout`, with the proxy's log.
    public func waitUntilHeld(_ count: Int = 1, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await held() < count {
            guard ContinuousClock.now < deadline else {
                throw LoopbackProcessError(reason: "no request was held within \(timeout): \(process.log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func body(of method: String, _ path: String, _ content: String = "") async throws -> String {
        let answer = try await LoopbackHTTP.send(method, port: port, path: path, body: content)
        guard answer.status == 200 else {
            throw LoopbackProcessError(reason: "\(method) \(path) answered \(answer.status): \(answer.body.prefix(200))")
        }
        return answer.body
    }
}

/// The throttling proxy's counters.
public struct ThrottlingCounts: Sendable, Decodable {
    /// Requests by "service action", throttled ones included.
    public var requests: [String: Int]
    public var total: Int
    /// Throttled answers by "account/region/category".
    public var throttled: [String: Int]
    /// Requests refused as EC2 would, by "action code".
    public var refused: [String: Int]

    /// Requests of one EC2 action.
    public func ec2(_ action: String) -> Int { requests["ec2 \(action)"] ?? 0 }
}
