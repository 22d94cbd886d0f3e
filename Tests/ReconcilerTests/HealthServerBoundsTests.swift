import Foundation
import Testing
import Reconciler

/// The health server under hostile clients, over real loopback sockets: slow requests are cut
/// off, connections beyond the limit are closed as they come, oversized requests refused, and
/// `/healthz` keeps answering through all of it.
@Suite(.timeLimit(.minutes(1))) struct HealthServerBoundsTests {
    static let request = "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"

    /// Runs a server with `limits` on a free port for the duration of `body`.
    static func withServer(
        _ limits: HealthServerLimits, _ body: (Int) async throws -> Void
    ) async throws {
        let routes = HealthRoutes(status: DaemonStatus(), metrics: DaemonMetrics())
        let (bound, boundContinuation) = AsyncStream.makeStream(of: ListenAddress.self)
        let server = HealthServer(
            address: ListenAddress(host: "127.0.0.1", port: 0), routes: routes, limits: limits,
            onBound: { boundContinuation.yield($0) })
        let running = Task { try await server.run() }
        defer { running.cancel() }
        var addresses = bound.makeAsyncIterator()
        let address = try #require(await addresses.next())
        try await body(address.port)
    }

    /// The status `/healthz` answers a new client with; nil when it is closed without an answer.
    static func healthz(port: Int) async throws -> Int? {
        let client = try RawConnection(port: port)
        client.write(request)
        return await client.status()
    }

    @Test func aTricklingClientIsCutOffWhileOthersAreAnswered() async throws {
        try await Self.withServer(HealthServerLimits(requestTimeout: .milliseconds(300))) { port in
            // From before the connection: the server's deadline starts when it accepts.
            let start = ContinuousClock.now
            let slow = try RawConnection(port: port)
            slow.write("GET /healthz HTTP/1.1\r\n")
            var closedAfter: Duration?
            var answeredMeanwhile = false
            while closedAfter == nil, ContinuousClock.now - start < .seconds(10) {
                slow.write("X-Slow: 1\r\n")  // a header line every 50 ms, never the blank line
                if !answeredMeanwhile { answeredMeanwhile = try await Self.healthz(port: port) == 200 }
                if await slow.readUntilClosed(deadline: .now + .milliseconds(50)) != nil {
                    closedAfter = ContinuousClock.now - start
                }
            }
            #expect(answeredMeanwhile, "another client is answered while the slow one trickles")
            let elapsed = try #require(closedAfter, "the trickling client is never cut off")
            #expect(elapsed >= .milliseconds(300))
            #expect(elapsed < .seconds(5))
        }
    }

    /// 8 slots, 200 idle clients: 192 are closed as they arrive, the descriptors the server holds
    /// stay near 8, and once the idle clients go a new one is answered.
    @Test func connectionsBeyondTheLimitAreClosedAndHealthzAnswersOnceTheyGo() async throws {
        let limits = HealthServerLimits(requestTimeout: .seconds(30), maxConnections: 8)
        try await Self.withServer(limits) { port in
            let before = openDescriptorCount()
            var idle = try (0..<200).map { _ in try RawConnection(port: port) }
            var closed = Set<Int>()
            let deadline = ContinuousClock.now + .seconds(20)
            while closed.count < 192, ContinuousClock.now < deadline {
                for (index, client) in idle.enumerated() where !closed.contains(index) {
                    if await client.readUntilClosed(deadline: .now + .milliseconds(5)) != nil { closed.insert(index) }
                }
            }
            #expect(closed.count == 192)
            if let before, let during = openDescriptorCount() {
                // 200 client sockets are ours; the server side may only add its 8 slots, plus slack
                // for tests running alongside in this process; unbounded it would add another 200.
                #expect(during - before <= 200 + 8 + 40, "descriptors grew from \(before) to \(during)")
            }
            #expect(try await Self.healthz(port: port) == nil, "every slot is taken: a new client is closed unanswered")

            idle.removeAll()
            var status = try await Self.healthz(port: port)
            while status != 200, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                status = try await Self.healthz(port: port)
            }
            #expect(status == 200)
        }
    }

    @Test func anOversizedHeadGets431AndAnOversizedBody413() async throws {
        try await Self.withServer(HealthServerLimits(maxHeaderBytes: 1024, maxBodyBytes: 16)) { port in
            let big = try RawConnection(port: port)
            big.write("GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: \(String(repeating: "p", count: 4000))\r\n\r\n")
            #expect(await big.status() == 431)

            let body = try RawConnection(port: port)
            body.write("GET /healthz HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n\(String(repeating: "b", count: 100))")
            #expect(await body.status() == 413)

            let fits = try RawConnection(port: port)
            fits.write("GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: \(String(repeating: "p", count: 900))\r\n\r\n")
            #expect(await fits.status() == 200)
            #expect(try await Self.healthz(port: port) == 200)
        }
    }
}
