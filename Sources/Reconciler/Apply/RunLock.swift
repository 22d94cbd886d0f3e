import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One writer per repository on a machine: an advisory `flock` on
/// `<cache>/locks/<repository key>.lock`, held from before the plan is made until the decision
/// is recorded. Two `apply` or `run` processes for the same repository never plan and mutate
/// at the same time; the second waits up to `timeout`, then says who holds the lock. The
/// kernel drops the lock when its holder dies, so a killed run never leaves it stuck.
public struct RunLock: Sendable {
    public let file: URL
    public var timeout: Duration
    /// Time between attempts while waiting.
    public var pollInterval: Duration = .milliseconds(100)

    public init(cacheDirectory: URL, repository: String, timeout: Duration) {
        file = cacheDirectory.appendingPathComponent("locks").appendingPathComponent(CacheKey.folderName(for: repository) + ".lock")
        self.timeout = timeout
    }

    /// Runs `body` holding the lock.
    public func withLock<T: Sendable>(holder: String, _ body: () async throws -> T) async throws -> T {
        let descriptor = try await acquire(holder: holder)
        defer {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
        return try await body()
    }

    /// Takes the lock, polling until `timeout`; writes who holds it into the file.
    func acquire(holder: String) async throws -> Int32 {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RunLockError.unusable(path: file.path, errno: errno) }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let code = errno
                close(descriptor)
                throw RunLockError.unusable(path: file.path, errno: code)
            }
            guard ContinuousClock.now < deadline else {
                let owner = (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                close(descriptor)
                throw RunLockError.held(path: file.path, by: owner.flatMap { $0.isEmpty ? nil : $0 }, waited: timeout)
            }
            try await Task.sleep(for: pollInterval)
        }
        let line = "\(holder), pid \(getpid()), since \(ISO8601DateFormatter().string(from: Date()))\n"
        ftruncate(descriptor, 0)
        _ = line.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return descriptor
    }
}

/// The run lock could not be taken.
public enum RunLockError: Error, Sendable, CustomStringConvertible {
    case held(path: String, by: String?, waited: Duration)
    case unusable(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .held(let path, let owner, let waited):
            "another rolesync run holds the lock of this repository (\(owner ?? "holder unknown"); \(path)); gave up after \(waited): try again when it has finished, or raise --lock-timeout"
        case .unusable(let path, let code):
            "the run lock \(path) cannot be used: \(String(cString: strerror(code)))"
        }
    }
}
