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
/// process goes away. It runs as a `LoopbackProcess` (see there why not Foundation's
/// `Process`), its output in a log file, not a pipe that could fill up.
public final class MotoServer: Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    /// The interpreter that runs the server, also used for `runPython`.
    public let pythonExecutable: String
    private let process: LoopbackProcess

    public var logFile: URL { process.logFile }

    private init(port: Int, pythonExecutable: String, process: LoopbackProcess) {
        self.port = port
        self.endpoint = "http://127.0.0.1:\(port)"
        self.pythonExecutable = pythonExecutable
        self.process = process
    }

    /// Starts a server and waits until its port answers. With `initialNoAuthActionCount`,
    /// the first that many requests go unchecked and every later one must be signed with an
    /// IAM user's key and allowed by its policies.
    public static func start(
        initialNoAuthActionCount: Int? = nil, timeout: Duration = .seconds(20)
    ) async throws -> MotoServer {
        let python = try await realPythonExecutable()
        let check = try await ProcessRunner.run([python, "-c", "import moto.server, boto3"])
        guard check.exitCode == 0 else {
            throw MotoServerError(reason: "moto is not installed for \(python) (pip install 'moto[server]'): \(check.stderr)")
        }
        let port = try freeLoopbackPort()
        var environment = ProcessInfo.processInfo.environment
        if let initialNoAuthActionCount { environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(initialNoAuthActionCount) }
        let process: LoopbackProcess
        do {
            process = try await LoopbackProcess.start(
                "moto", [python, "-c", launcherScript, "-H", "127.0.0.1", "-p", String(port)], port: port,
                environment: environment, timeout: timeout)
        } catch let error as LoopbackProcessError {
            throw MotoServerError(reason: error.reason)
        }
        return MotoServer(port: port, pythonExecutable: python, process: process)
    }

    /// Stops the server; its port is free when this returns. Safe to call twice.
    public func stop() { process.stop() }

    /// Clears all state: `POST /moto-api/reset`.
    public func reset() async throws {
        try await post(path: "/moto-api/reset", body: "")
    }

    /// Sets how many of the next requests go unchecked (`POST /moto-api/reset-auth`).
    public func resetAuth(initialNoAuthActionCount: Int) async throws {
        try await post(path: "/moto-api/reset-auth", body: String(initialNoAuthActionCount))
    }

    /// Runs a Python snippet with the server's interpreter, boto3 pointed at this server.
    /// Returns stdout; throws with stderr when the snippet fails.
    @discardableResult
    public func runPython(_ script: String, environment: [String: String] = [:]) async throws -> String {
        let base = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        ]
        let merged = base.merging(environment) { _, new in new }
        return try await ProcessRunner.check([pythonExecutable, "-c", script], environment: merged)
    }

    private func post(path: String, body: String) async throws {
        let answer = try await LoopbackHTTP.send("POST", port: port, path: path, body: body)
        guard answer.status == 200 else {
            throw MotoServerError(reason: "POST \(path) answered \(answer.status): \(answer.body.prefix(200))")
        }
    }

    static func realPythonExecutable() async throws -> String {
        let result: ProcessResult
        do {
            result = try await ProcessRunner.run(["python3", "-c", "import sys; print(sys.executable)"])
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
    private static let launcherScript = parentWatchdog + """
        from moto.server import main
        main(sys.argv[1:])
        """

    /// Python that exits the interpreter once its parent (the test process) is gone, so a
    /// server started by a test never outlives it.
    static let parentWatchdog = """
        import os, sys, threading, time
        parent = os.getppid()
        def watch():
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()

        """
}

/// Servers still running (pid and log file), killed and cleaned up when the test process
/// exits normally: a shared server lives until then.
enum RunningServers {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var logFiles: [Int32: URL] = [:]
    private static let installHook: Void = {
        atexit { RunningServers.killAll() }
    }()

    static func add(_ pid: Int32, logFile: URL) {
        _ = installHook
        lock.withLock { logFiles[pid] = logFile }
    }

    static func remove(_ pid: Int32) {
        lock.withLock { _ = logFiles.removeValue(forKey: pid) }
    }

    static func killAll() {
        for (pid, logFile) in lock.withLock({ logFiles }) {
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(at: logFile)
        }
    }
}

// MARK: - Loopback ports

public enum LoopbackPort {
    /// A free TCP port on 127.0.0.1 (one nothing listens on, for tests of refused connections).
    public static func free() throws -> Int { try freeLoopbackPort() }
}

/// A free TCP port on 127.0.0.1, found by binding port 0 and reading what the kernel chose.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw MotoServerError(reason: "socket() failed: errno \(errno)") }
    defer { close(fd) }
    var address = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw MotoServerError(reason: "bind() failed: errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw MotoServerError(reason: "getsockname() failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether something accepts connections on the loopback port.
func canConnect(port: Int) -> Bool {
    guard let fd = connectLoopback(port: port) else { return false }
    close(fd)
    return true
}

private func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

private func connectLoopback(port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var address = loopbackAddress(port: port)
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard result == 0 else {
        close(fd)
        return nil
    }
    return fd
}
