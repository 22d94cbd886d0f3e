import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server program started for a test, listening on a loopback port, its output in a log
/// file. It is killed when stopped, when the value goes away, or when the test process exits.
///
/// Started with `posix_spawn` rather than Foundation's `Process`: daemons such as `sshd` close
/// every inherited descriptor, which `Process` takes for the child's exit, and it then blocks
/// its one reaper thread in `waitpid` on the live server, so no other child of the test
/// process is ever reaped again.
public final class LoopbackProcess: @unchecked Sendable {
    public let name: String
    public let port: Int
    public let logFile: URL
    private let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?
    private var stopped = false

    private init(name: String, port: Int, logFile: URL, pid: pid_t) {
        self.name = name
        self.port = port
        self.logFile = logFile
        self.pid = pid
    }

    /// Starts `arguments` (an absolute program path first) and waits until `port` answers.
    /// A program that exits or does not answer in time fails with its log.
    public static func start(
        _ name: String, _ arguments: [String], port: Int, environment: [String: String]? = nil,
        timeout: Duration = .seconds(20)
    ) async throws -> LoopbackProcess {
        try await start(name, arguments, port: port, environment: environment, timeout: timeout) { canConnect(port: port) }
    }

    /// Starts `arguments` and waits until `isReady` (a socket file exists, say). `port` only
    /// names the log file when the program listens on none.
    public static func start(
        _ name: String, _ arguments: [String], port: Int, environment: [String: String]? = nil,
        timeout: Duration = .seconds(20), isReady: () -> Bool
    ) async throws -> LoopbackProcess {
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-\(name)-\(port)-\(UUID().uuidString.prefix(6)).log")
        let pid = try spawn(arguments, environment: environment ?? ProcessInfo.processInfo.environment, log: logFile.path)
        let server = LoopbackProcess(name: name, port: port, logFile: logFile, pid: pid)
        RunningServers.add(pid, logFile: logFile)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = server.reapedStatus() {
                throw LoopbackProcessError(reason: "\(name) exited with status \(status) during start: \(server.log)")
            }
            if isReady() { return server }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = server.log
        server.stop()
        throw LoopbackProcessError(reason: "\(name) was not ready within \(timeout): \(log)")
    }

    private static func spawn(_ arguments: [String], environment: [String: String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard code == 0 else {
            throw LoopbackProcessError(reason: "\(arguments[0]) could not be started: \(String(cString: strerror(code)))")
        }
        return pid
    }

    /// Closes every descriptor above 2 in the child. Tests run in parallel, and a server that
    /// inherited another test's pipe keeps that test waiting for an end of file that never
    /// comes. glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34) is looked up at run
    /// time because the Glibc module does not export it.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        #if os(Linux)
        _ = addCloseFrom?(&actions, 3)
        #endif
    }

    #if os(Linux)
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }
    #endif

    /// The exit status once the process has ended (reaping it), else nil.
    private func reapedStatus() -> Int32? {
        lock.withLock {
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
            }
            return exitStatus
        }
    }

    /// What the server wrote so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    deinit { stop() }

    /// Kills the server and reaps it, so its port is free when this returns. SIGKILL rather
    /// than a polite SIGTERM and a grace period: the wait that follows is the kernel tearing
    /// the process down, not the program choosing to exit, so it never holds the caller's
    /// thread (a thread of the concurrency pool, in a test) for long. Safe to call twice.
    public func stop() {
        let alreadyStopped = lock.withLock { () -> Bool in
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        RunningServers.remove(pid)
        lock.withLock {
            guard exitStatus == nil else { return }
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus = status
        }
        try? FileManager.default.removeItem(at: logFile)
    }
}

public struct LoopbackProcessError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
