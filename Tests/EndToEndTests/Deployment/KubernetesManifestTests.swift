import Foundation
import Testing
import TestSupport
import Yams

/// The Kubernetes manifests in `manifests/deploy/kubernetes` parse, and the Deployment runs
/// rolesync locked down: non-root, read-only root, no privilege escalation, no capabilities,
/// probes on the daemon's endpoints through the named metrics port, and a writable cache.
@Suite struct KubernetesManifestTests {
    static let folder = "manifests/deploy/kubernetes"

    /// Every document of every YAML file, by `kind`.
    static func documents() throws -> [String: [String: Any]] {
        let url = RoleSyncBinary.packageRoot().appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".yaml") }.sorted()
        var byKind: [String: [String: Any]] = [:]
        for file in files {
            let text = try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
            for case let document as [String: Any] in try Yams.load_all(yaml: text).map(Self.plain) {
                let kind = try #require(document["kind"] as? String, "\(file): a document without kind")
                byKind[kind] = document
            }
        }
        return byKind
    }

    static func deployment() throws -> (pod: [String: Any], container: [String: Any]) {
        let deployment = try #require(try documents()["Deployment"])
        let pod = try #require(deployment[path: "spec", "template", "spec"] as? [String: Any])
        let containers = try #require(pod["containers"] as? [[String: Any]])
        return (pod, try #require(containers.first { $0["name"] as? String == "rolesync" }))
    }

    @Test func everyFileParsesWithTheExpectedKinds() throws {
        let kinds = Set(try Self.documents().keys)
        #expect(kinds.isSuperset(of: ["Deployment", "ServiceAccount", "Service"]), "\(kinds)")
        let deployment = try #require(try Self.documents()["Deployment"])
        #expect(deployment[path: "spec", "replicas"] as? Int == 3, "three replicas sharing the lease table")
    }

    @Test func containerIsLockedDown() throws {
        let (pod, container) = try Self.deployment()
        #expect(pod[path: "securityContext", "runAsNonRoot"] as? Bool == true)
        #expect(pod[path: "securityContext", "seccompProfile", "type"] as? String == "RuntimeDefault")
        #expect(container[path: "securityContext", "runAsNonRoot"] as? Bool == true)
        #expect(container[path: "securityContext", "readOnlyRootFilesystem"] as? Bool == true)
        #expect(container[path: "securityContext", "allowPrivilegeEscalation"] as? Bool == false)
        #expect(container[path: "securityContext", "capabilities", "drop"] as? [String] == ["ALL"])
        #expect(container["resources"] as? [String: Any] != nil, "resources are set")
    }

    @Test func probesUseTheDaemonEndpointsOnTheNamedMetricsPort() throws {
        let (_, container) = try Self.deployment()
        let ports = try #require(container["ports"] as? [[String: Any]])
        #expect(ports.contains { $0["name"] as? String == "metrics" && $0["containerPort"] as? Int == 9464 }, "\(ports)")
        #expect(container[path: "livenessProbe", "httpGet", "path"] as? String == "/healthz")
        #expect(container[path: "readinessProbe", "httpGet", "path"] as? String == "/readyz")
        #expect(container[path: "livenessProbe", "httpGet", "port"] as? String == "metrics")
        #expect(container[path: "readinessProbe", "httpGet", "port"] as? String == "metrics")
        let args = try #require(container["args"] as? [String])
        #expect(args.first == "run")
        let listen = try #require(args.firstIndex(of: "--listen"))
        #expect(args.indices.contains(listen + 1) && args[listen + 1] == "0.0.0.0:9464", "\(args)")
        let table = try #require(args.firstIndex(of: "--lease-table"), "replicas need the lease table: \(args)")
        #expect(args.indices.contains(table + 1) && args[table + 1] == "rolesync-leases")
    }

    @Test func cacheIsAnEmptyDirWhereRoleSyncLooks() throws {
        let (pod, container) = try Self.deployment()
        let volumes = try #require(pod["volumes"] as? [[String: Any]])
        let cache = try #require(volumes.first { $0["emptyDir"] != nil && $0["name"] as? String == "cache" }, "\(volumes)")
        let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
        #expect(mounts.contains { $0["name"] as? String == cache["name"] as? String
            && $0["mountPath"] as? String == "/var/cache/rolesync" }, "\(mounts)")
        // rolesync keeps its cache in $XDG_CACHE_HOME/rolesync.
        let env = try #require(container["env"] as? [[String: Any]])
        #expect(env.contains { $0["name"] as? String == "XDG_CACHE_HOME" && $0["value"] as? String == "/var/cache" }, "\(env)")
    }

    @Test func serviceAccountNamesTheRoleAndServiceTheMetricsPort() throws {
        let documents = try Self.documents()
        let account = try #require(documents["ServiceAccount"])
        let roleArn = account[path: "metadata", "annotations", "eks.amazonaws.com/role-arn"] as? String
        #expect(roleArn?.hasPrefix("arn:aws:iam::") == true && roleArn?.hasSuffix(":role/rolesync") == true, "\(roleArn ?? "none")")
        let (pod, _) = try Self.deployment()
        #expect(pod["serviceAccountName"] as? String == account[path: "metadata", "name"] as? String)
        let service = try #require(documents["Service"])
        let ports = try #require(service[path: "spec", "ports"] as? [[String: Any]])
        #expect(ports.contains { $0["name"] as? String == "metrics" && $0["targetPort"] as? String == "metrics" }, "\(ports)")
        #expect(service[path: "metadata", "labels"] as? [String: Any] != nil, "a ServiceMonitor selects the Service by labels")
    }
}

extension KubernetesManifestTests {
    /// Yams' mappings have `AnyHashable` keys; these manifests only use string keys.
    static func plain(_ value: Any) -> Any {
        if let mapping = value as? [AnyHashable: Any] {
            return Dictionary(uniqueKeysWithValues: mapping.map { ("\($0.key.base)", plain($0.value)) })
        }
        if let sequence = value as? [Any] { return sequence.map(plain) }
        return value
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The value at a path of nested mappings, nil when any step is missing.
    subscript(path keys: String...) -> Any? {
        var current: Any? = self
        for key in keys { current = (current as? [String: Any])?[key] }
        return current
    }
}
