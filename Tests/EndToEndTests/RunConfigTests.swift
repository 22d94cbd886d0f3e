import Foundation
import Testing
import TestSupport

/// `rolesync run --config FILE`: keys are the long flags, bad files are errors with file:line,
/// and flags win over the environment, which wins over the file.
@Suite struct RunConfigTests {
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: TemporaryDirectory) async throws -> ProcessResult {
        var environment = environment
        environment["HOME"] = directory.path
        environment["XDG_CACHE_HOME"] = directory.url.appendingPathComponent("cache").path
        return try await RoleSyncBinary.run(["run", "--once"] + arguments, environment: environment)
    }

    @Test(arguments: [
        ("bogus: 1\n", "settings.yaml:1:1: error: unknown key `bogus`"),
        ("repo: here\ninterval: soon\n", "settings.yaml:2:11: error: `interval`: `soon` is not a duration"),
        ("listen: nowhere\n", "settings.yaml:1:9: error: `listen`: `nowhere` is not HOST:PORT"),
        ("maxChanges: lots\n", "settings.yaml:1:13: error: `maxChanges`: expected a whole number"),
        ("region: {a: b}\n", "settings.yaml:1:9: error: `region`: expected a region or a list of regions"),
        ("- just\n- a list\n", "settings.yaml:1:1: error: expected a mapping of settings"),
        ("logFormat: xml\n", "settings.yaml:1:12: error: `logFormat`: `xml` is not text or json"),
    ])
    func aBadFileIsAnErrorNamingFileLineAndKey(contents: String, expected: String) async throws {
        let directory = try TemporaryDirectory(prefix: "rolesync-config")
        defer { directory.remove() }
        let file = try directory.write(contents, to: "settings.yaml")
        let result = try await Self.run(["--config", file.path], in: directory)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains(file.deletingLastPathComponent().path + "/" + expected), "\(result.stderr)")
        #expect(!result.stdout.contains("following"), "nothing runs on a bad configuration")
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsTheFile() async throws {
        let directory = try TemporaryDirectory(prefix: "rolesync-config")
        defer { directory.remove() }
        let file = try directory.write("repo: from-file\nbranch: file-branch\ndecisionsBranch: d\n", to: "settings.yaml")

        let fileOnly = try await Self.run(["--config", file.path], in: directory)
        #expect(fileOnly.stdout.contains("following from-file at file-branch"), "\(fileOnly.output)")

        let environment = ["ROLESYNC_BRANCH": "env-branch"]
        let withEnvironment = try await Self.run(["--config", file.path], environment: environment, in: directory)
        #expect(withEnvironment.stdout.contains("following from-file at env-branch"), "\(withEnvironment.output)")

        let withFlag = try await Self.run(["--config", file.path, "--branch", "flag-branch"], environment: environment, in: directory)
        #expect(withFlag.stdout.contains("following from-file at flag-branch"), "\(withFlag.output)")
    }

    @Test func aBadEnvironmentValueNamesTheVariable() async throws {
        let directory = try TemporaryDirectory(prefix: "rolesync-config")
        defer { directory.remove() }
        let result = try await Self.run([], environment: ["ROLESYNC_DRIFT_INTERVAL": "often"], in: directory)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("environment variable ROLESYNC_DRIFT_INTERVAL: `often` is not a duration"), "\(result.stderr)")
    }

    @Test func theShippedExampleIsValid() async throws {
        let directory = try TemporaryDirectory(prefix: "rolesync-config")
        defer { directory.remove() }
        let example = RoleSyncBinary.packageRoot().appendingPathComponent("examples/daemon/rolesync.yaml")
        let result = try await Self.run(["--config", example.path, "--repo", directory.path], in: directory)
        #expect(result.stdout.contains("following \(directory.path) at main"), "\(result.output)")
    }
}
