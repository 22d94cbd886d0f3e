import Foundation
import Testing
import RoleSyncCore

/// Every shipped example must pass both the loader and the JSON Schemas, so neither can drift
/// from the other or from what users copy.
@Suite struct ManifestExamplesTests {
    /// One repository-like set of files: each folder directly under `examples/` is one repository.
    struct ExampleRepository {
        var name: String
        var files: [(path: String, yaml: String)]
    }

    @Test func examplesAndTheBuiltInStreamPassLoaderAndSchema() async throws {
        let root = try packageRoot()
        var repositories = try Self.exampleRepositories(under: root.appendingPathComponent("examples"))
        repositories.append(ExampleRepository(name: "built-in valid stream", files: [("valid.yaml", validStreamYAML)]))
        var schemaFiles: [(path: String, yaml: String)] = []
        var manifestCount = 0
        for repository in repositories {
            let report = loadManifests(repository.files)
            #expect(report.problems.map(\.description) == [], "\(repository.name)")
            #expect(report.desiredState != nil, "\(repository.name)")
            #expect(report.manifestsRead > 0, "\(repository.name) holds no rolesync manifest")
            manifestCount += report.manifestsRead
            schemaFiles += repository.files.map { ("\(repository.name)/\($0.path)", $0.yaml) }
        }
        let checker = ManifestSchemaChecker(schemaDirectory: root.appendingPathComponent("manifests/schema"))
        let verdicts = try await checker.verdicts(for: schemaFiles)
        #expect(verdicts.count == manifestCount)
        for verdict in verdicts {
            #expect(verdict.errors == [], "\(verdict.file) document \(verdict.index + 1)")
        }
    }

    /// Folders under `examples/` that are not desired-state repositories, and where their own
    /// checks live: the daemon's settings file (`RunConfigTests`).
    static let notRepositories: Set<String> = ["daemon", "ci"]

    /// Fails, rather than skips, when `examples/` is missing: the examples are part of the product.
    static func exampleRepositories(under examples: URL) throws -> [ExampleRepository] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: examples.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            Issue.record("examples folder missing at \(examples.path): the shipped examples must exist and validate")
            return []
        }
        let folders = try manager.contentsOfDirectory(at: examples, includingPropertiesForKeys: nil)
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .filter { !notRepositories.contains($0.lastPathComponent) }
            .sorted { $0.path < $1.path }
        #expect(!folders.isEmpty, "no example repositories under \(examples.path)")
        return try folders.map { folder in
            var files: [(path: String, yaml: String)] = []
            let prefix = folder.standardizedFileURL.path + "/"
            for case let url as URL in manager.enumerator(at: folder, includingPropertiesForKeys: nil) ?? .init()
            where ManifestFiles.isCandidate(path: url.path) {
                let relative = String(url.standardizedFileURL.path.dropFirst(prefix.count))
                files.append((relative, try String(contentsOf: url, encoding: .utf8)))
            }
            return ExampleRepository(name: "examples/\(folder.lastPathComponent)", files: files.sorted { $0.path < $1.path })
        }
    }
}
