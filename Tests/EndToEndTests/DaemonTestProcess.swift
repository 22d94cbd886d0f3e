import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// The built `rolesync` binary running as a daemon in a child process, its output collected
/// as it comes. Killed when dropped, so a failing test never leaves it running.
final class DaemonProcess: @unchecked Sendable {
    private let process = Process()
    private let output = LockedBox("")
    private let errors = LockedBox("")

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = try RoleSyncBinary.url()
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        merged["AWS_EC2_METADATA_DISABLED"] = "true"
        merged["NO_COLOR"] = "1"
        merged.merge(environment) { _, new in new }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = Self.collect(into: output)
        process.standardError = Self.collect(into: errors)
        try process.run()
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    var stdout: String { output.get() }
    var stderr: String { errors.get() }
    var isRunning: Bool { process.isRunning }
    /// The exit status, once the process has ended.
    var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// The port printed in `serving … on http://HOST:PORT`, once the daemon has bound it.
    func listenPort() async throws -> Int {
        while true {
            if let range = stdout.range(of: #"on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
               let port = Int(stdout[range].split(separator: ":").last ?? "") {
                return port
            }
            guard process.isRunning else {
                throw DaemonExited(status: process.terminationStatus, stdout: stdout, stderr: stderr)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Sends SIGKILL (no clean-up, as in a crash or an out-of-memory kill) and waits until the
    /// process has ended, polling rather than blocking a thread of the concurrency pool.
    func kill() async throws {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
    }

    /// Sends SIGTERM and waits for the process to end; returns its exit status.
    func terminate() async throws -> (status: Int32, reason: Process.TerminationReason) {
        process.terminate()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (process.terminationStatus, process.terminationReason)
    }

    private static func collect(into box: LockedBox<String>) -> Pipe {
        let pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                box.set(box.get() + String(decoding: data, as: UTF8.self))
            }
        }
        return pipe
    }

    struct DaemonExited: Error, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "rolesync run exited early with \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }
}

/// Plain GETs against the daemon's endpoints, never cached.
enum DaemonHTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        return URLSession(configuration: configuration)
    }()

    static func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await session.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The value of one series of `/metrics`, e.g. `rolesync_reconcile_total{result="success"}`.
    static func metric(_ port: Int, _ series: String) async throws -> Double {
        let body = try await get(port, "/metrics").body
        let line = body.split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return try #require(line.flatMap { Double($0.dropFirst(series.count + 1)) }, "no \(series) in:\n\(body)")
    }

    /// Polls until `series` reaches `value`; the caller's time limit guards against a hang.
    static func waitForMetric(_ port: Int, _ series: String, atLeast value: Double) async throws -> Double {
        while true {
            let current = try await metric(port, series)
            if current >= value { return current }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
