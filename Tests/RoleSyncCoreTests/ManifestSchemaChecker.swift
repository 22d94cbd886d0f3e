import Foundation
import Testing
import TestSupport

/// Runs the JSON Schemas under `manifests/schema/` through Python's `jsonschema`, the way an
/// editor or CI would read the YAML (PyYAML; unquoted dates become strings first).
struct ManifestSchemaChecker {
    /// The verdict on one rolesync document of one file.
    struct Verdict: Decodable, Equatable {
        var file: String
        var index: Int
        var kind: String
        /// Messages from `rolesync.json` and from the kind's own schema; empty when both accept.
        var errors: [String]
    }

    static let script = #"""
    import json, sys
    try:
        import yaml, jsonschema
    except ImportError as error:
        print("missing Python module: %s (install PyYAML and jsonschema)" % error.name)
        sys.exit(3)
    request = json.load(sys.stdin)
    schema_dir = request["schemaDir"]
    def load(name):
        with open(schema_dir + "/" + name) as handle:
            return json.load(handle)
    general = jsonschema.Draft202012Validator(load("rolesync.json"))
    by_kind = {kind: jsonschema.Draft202012Validator(load(name)) for kind, name in [
        ("InstanceRoleAssignment", "instance-role-assignment.json"),
        ("Exemption", "exemption.json"), ("ReconcilePolicy", "reconcile-policy.json")]}
    verdicts = []
    for path, text in request["files"]:
        for index, document in enumerate(yaml.safe_load_all(text)):
            if not isinstance(document, dict) or not str(document.get("apiVersion", "")).startswith("rolesync.dev/"):
                continue
            document = json.loads(json.dumps(document, default=str))
            errors = ["rolesync.json: " + e.message for e in general.iter_errors(document)]
            kind = str(document.get("kind"))
            if kind in by_kind:
                errors += [kind + ": " + e.message for e in by_kind[kind].iter_errors(document)]
            verdicts.append({"file": path, "index": index, "kind": kind, "errors": errors})
    print(json.dumps(verdicts))
    """#

    let schemaDirectory: URL

    /// One Python run for all files, since starting Python and importing jsonschema is the slow part.
    func verdicts(for files: [(path: String, yaml: String)]) async throws -> [Verdict] {
        let request: [String: Any] = ["schemaDir": schemaDirectory.path, "files": files.map { [$0.path, $0.yaml] }]
        let input = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
        let result: ProcessResult
        do {
            result = try await ProcessRunner.run(["python3", "-c", Self.script], input: input)
        } catch {
            Issue.record("cannot start python3 to check the JSON Schemas: \(error)")
            throw error
        }
        try #require(
            result.exitCode == 0,
            "python3 schema check failed (exit \(result.exitCode)); python3 with PyYAML and jsonschema is required: \(result.stderr)\(result.stdout)")
        return try JSONDecoder().decode([Verdict].self, from: Data(result.stdout.utf8))
    }
}

/// The package root, found by walking up from this file to `Package.swift`.
func packageRoot(from filePath: String = #filePath) throws -> URL {
    var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while directory.path != "/" {
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            return directory
        }
        directory.deleteLastPathComponent()
    }
    Issue.record("no Package.swift above \(filePath)")
    throw CocoaError(.fileNoSuchFile)
}
