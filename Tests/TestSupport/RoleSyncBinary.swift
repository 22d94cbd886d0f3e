import Foundation

/// Finds the package root and the built `rolesync` binary, so end-to-end tests run the real
/// executable the way a user does.
public enum RoleSyncBinary {
    /// The package root: the nearest folder above `file` that holds `Package.swift`.
    public static func packageRoot(from file: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
            url.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(file)")
    }

    /// The built binary: `ROLESYNC_BIN` when set, else `.build/debug/rolesync` of this package.
    public static func url() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["ROLESYNC_BIN"] {
            return URL(fileURLWithPath: override)
        }
        let candidate = packageRoot().appendingPathComponent(".build/debug/rolesync")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw BinaryMissing(path: candidate.path)
        }
        return candidate
    }

    /// Runs the binary with `arguments`, an environment that starts from this process's minus
    /// every AWS and proxy variable (so a developer's own credentials and proxy never leak into
    /// a test), plus `environment`.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil
    ) async throws -> ProcessResult {
        let proxyVariables: Set<String> = ["http_proxy", "https_proxy", "no_proxy"]
        var base = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("AWS_") && !proxyVariables.contains($0.key.lowercased())
        }
        base["AWS_EC2_METADATA_DISABLED"] = "true"
        base["NO_COLOR"] = "1"
        base.merge(environment) { _, new in new }
        return try await ProcessRunner.runExact([try url().path] + arguments, in: directory, environment: base, input: input)
    }

    public struct BinaryMissing: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "the rolesync binary is not built at \(path): run `swift build` first (scripts/test.sh does)"
        }
    }
}
