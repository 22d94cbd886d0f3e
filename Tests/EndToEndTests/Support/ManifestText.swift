/// YAML manifests for the tests, written out as text the way people write them.
enum ManifestText {
    /// A ReconcilePolicy; `extra` lines are added under `spec` as written (indented by two).
    static func policy(
        regions: [String] = ["us-east-1"], mode: String = "enforce", maxChanges: Int = 50, extra: [String] = []
    ) -> String {
        """
        apiVersion: rolesync.dev/v1
        kind: ReconcilePolicy
        metadata:
          name: default
        spec:
          regions: [\(regions.joined(separator: ", "))]
          mode: \(mode)
          unmanaged: report
          maxChanges: \(maxChanges)
          protect:
            tags: {"rolesync.dev/protect": "true"}
        \(extra.map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    /// One InstanceRoleAssignment selecting by tags or by ids.
    static func assignment(
        _ name: String, tags: [String: String] = [:], instanceIds: [String] = [], profile: String,
        regions: [String]? = nil
    ) -> String {
        var selector: [String] = []
        if !instanceIds.isEmpty { selector.append("    instanceIds: [\(instanceIds.joined(separator: ", "))]") }
        if !tags.isEmpty {
            let pairs = tags.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            selector.append("    tags: {\(pairs)}")
        }
        let regionLine = regions.map { "\n  regions: [\($0.joined(separator: ", "))]" } ?? ""
        return """
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata:
              name: \(name)
            spec:
              selector:
            \(selector.joined(separator: "\n"))\(regionLine)
              instanceProfile: \(profile)

            """
    }

    /// An Exemption of the given instances, expiring far in the future.
    static func exemption(_ name: String, instanceIds: [String], expires: String = "2099-12-31") -> String {
        """
        apiVersion: rolesync.dev/v1
        kind: Exemption
        metadata:
          name: \(name)
        spec:
          selector: {instanceIds: [\(instanceIds.joined(separator: ", "))]}
          reason: "Vendor appliance, ticket SEC-142"
          expires: \(expires)

        """
    }

    /// Documents joined into one file.
    static func documents(_ parts: String...) -> String {
        parts.joined(separator: "---\n")
    }
}
