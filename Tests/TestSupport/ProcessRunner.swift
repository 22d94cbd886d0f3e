import Foundation
import Subprocess
import SystemPackage

/// The result of running a command to completion.
public struct ProcessResult: Sendable {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
}

public struct ProcessFailure: Error, CustomStringConvertible {
    public var command: [String]
    public var result: ProcessResult
    public var description: String {
        "`\(command.joined(separator: " "))` exited \(result.exitCode): \(result.stderr)\(result.stdout)"
    }
}

/// Runs real programs (git, python3, the built rolesync binary) for tests.
///
/// Every call is `async` and waits for the child without holding a thread: tests run in
/// parallel on Swift's cooperative pool (as many threads as cores), and a blocking wait there
/// starves the in-process servers and clocks other tests depend on. swift-subprocess waits on
/// the child's pidfd and reads its pipes from its own I/O thread, and closes every descriptor
/// above 2 in the child, so a program started by one test never holds another test's pipe.
public enum ProcessRunner {
    /// How much output a test program may print; more is an error rather than a silent cut.
    static let outputLimit = 256 * 1024 * 1024

    /// Runs `arguments[0]` found on PATH (or an absolute path) and waits for it.
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        input: String? = nil
    ) async throws -> ProcessResult {
        let merged = environment.map { ProcessInfo.processInfo.environment.merging($0) { _, new in new } }
        return try await runExact(arguments, in: directory, environment: merged, input: input)
    }

    /// Runs with exactly `environment` (nil: inherit this process's).
    public static func runExact(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String]?, input: String? = nil
    ) async throws -> ProcessResult {
        let childEnvironment: Subprocess.Environment = environment.map { variables in
            .custom(Dictionary(uniqueKeysWithValues: variables.compactMap { name, value in
                Subprocess.Environment.Key(rawValue: name).map { ($0, value) }
            }))
        } ?? .inherit
        let result = try await Subprocess.run(
            .path("/usr/bin/env"), arguments: Arguments(arguments), environment: childEnvironment,
            workingDirectory: directory.map { FilePath($0.path) }, input: .string(input ?? ""),
            output: .string(limit: outputLimit), error: .string(limit: outputLimit))
        return ProcessResult(
            exitCode: result.terminationStatus.code, stdout: result.standardOutput,
            stderr: result.standardError)
    }

    /// Like `run`, but throws unless the command exits 0; returns its stdout.
    @discardableResult
    public static func check(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil
    ) async throws -> String {
        let result = try await run(arguments, in: directory, environment: environment)
        guard result.exitCode == 0 else { throw ProcessFailure(command: arguments, result: result) }
        return result.stdout
    }
}

extension TerminationStatus {
    /// The exit code, or the signal number for a child killed by one (as Foundation's
    /// `Process.terminationStatus` reports it).
    var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): signal
        }
    }
}

/// A value shared between threads behind a lock.
public final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    public init(_ value: Value) { self.value = value }
    public func get() -> Value { lock.withLock { value } }
    public func set(_ newValue: Value) { lock.withLock { value = newValue } }
}

/// A fresh directory under the system temporary folder, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "rolesync-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `contents` to `relativePath`, creating folders as needed.
    @discardableResult
    public func write(_ contents: String, to relativePath: String) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
