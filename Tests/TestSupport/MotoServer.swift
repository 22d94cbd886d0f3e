import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the emulator could not be started or used.
public struct MotoServerError: Error, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "moto server: \(reason)" }
}

/// A real moto server (the EC2/IAM/STS emulator) on a free loopback port, for tests.
///
/// Started with the real Python interpreter rather than `python3`, which may be a launcher
/// whose death leaves the server running; the server also exits by itself when the test
/// process goes away. Its output goes to a log file, not a pipe that could fill up.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    /// The interpreter that runs the server, also used for `runPython`.
    public let pythonExecutable: String
    public let logFile: URL
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    private init(port: Int, pythonExecutable: String, logFile: URL, process: Process) {
        self.port = port
        self.endpoint = "http://127.0.0.1:\(port)"
        self.pythonExecutable = pythonExecutable
        self.logFile = logFile
        self.process = process
    }

    /// Starts a server and waits until its port answers. With `initialNoAuthActionCount`,
    /// the first that many requests go unchecked and every later one must be signed with an
    /// IAM user's key and allowed by its policies.
    public static func start(
        initialNoAuthActionCount: Int? = nil, timeout: Duration = .seconds(20)
    ) async throws -> MotoServer {
        let python = try realPythonExecutable()
        let check = try ProcessRunner.run([python, "-c", "import moto.server, boto3"])
        guard check.exitCode == 0 else {
            throw MotoServerError(reason: "moto is not installed for \(python) (pip install 'moto[server]'): \(check.stderr)")
        }
        let port = try freeLoopbackPort()
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-moto-\(port).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", launcherScript, "-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        if let initialNoAuthActionCount { environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(initialNoAuthActionCount) }
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = MotoServer(port: port, pythonExecutable: python, logFile: logFile, process: process)
        RunningServers.add(process.processIdentifier)

        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                throw MotoServerError(reason: "exited with \(process.terminationStatus) during start: \(output)")
            }
            if canConnect(port: port) { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        server.stop()
        throw MotoServerError(reason: "port \(port) did not answer within \(timeout): \(output)")
    }

    deinit { stop() }

    /// Stops the server (and anything in its process group). Safe to call twice.
    public func stop() {
        let alreadyStopped = lock.withLock { () -> Bool in
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        let pid = process.processIdentifier
        RunningServers.remove(pid)
        if process.isRunning {
            // When the server leads its own process group, signal the whole group.
            let target = getpgid(pid) == pid ? -pid : pid
            kill(target, SIGTERM)
            for _ in 0..<50 where process.isRunning { usleep(20_000) }
            if process.isRunning { kill(target, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logFile)
    }

    /// Clears all state: `POST /moto-api/reset`.
    public func reset() throws {
        try post(path: "/moto-api/reset", body: "")
    }

    /// Sets how many of the next requests go unchecked (`POST /moto-api/reset-auth`).
    public func resetAuth(initialNoAuthActionCount: Int) throws {
        try post(path: "/moto-api/reset-auth", body: String(initialNoAuthActionCount))
    }

    /// Runs a Python snippet with the server's interpreter, boto3 pointed at this server.
    /// Returns stdout; throws with stderr when the snippet fails.
    @discardableResult
    public func runPython(_ script: String, environment: [String: String] = [:]) throws -> String {
        let base = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        ]
        let merged = base.merging(environment) { _, new in new }
        return try ProcessRunner.check([pythonExecutable, "-c", script], environment: merged)
    }

    /// A bare HTTP/1.0 POST over a socket: TestSupport depends on nothing but Foundation.
    private func post(path: String, body: String) throws {
        let request = "POST \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let answer = try LoopbackHTTP.exchange(port: port, request: request)
        guard answer.hasPrefix("HTTP/1.1 200") || answer.hasPrefix("HTTP/1.0 200") else {
            throw MotoServerError(reason: "POST \(path) answered \(answer.prefix(200))")
        }
    }

    static func realPythonExecutable() throws -> String {
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(["python3", "-c", "import sys; print(sys.executable)"])
        } catch {
            throw MotoServerError(reason: "python3 could not be run: \(error)")
        }
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.exitCode == 0, !path.isEmpty else {
            throw MotoServerError(reason: "python3 is missing or broken (exit \(result.exitCode)): \(result.stderr)")
        }
        return path
    }

    /// Starts moto's server in-process and exits when the parent (the test run) is gone.
    private static let launcherScript = """
        import os, sys, threading, time
        parent = os.getppid()
        def watch():
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        from moto.server import main
        main(sys.argv[1:])
        """
}

/// Pids of servers still running, killed when the test process exits normally.
enum RunningServers {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pids: Set<Int32> = []
    private static let installHook: Void = {
        atexit { RunningServers.killAll() }
    }()

    static func add(_ pid: Int32) {
        _ = installHook
        lock.withLock { _ = pids.insert(pid) }
    }

    static func remove(_ pid: Int32) {
        lock.withLock { _ = pids.remove(pid) }
    }

    static func killAll() {
        for pid in lock.withLock({ pids }) { kill(pid, SIGKILL) }
    }
}
