import TestSupport

/// The fleet most tests start from: two regions, every kind of drift the planner acts on, a
/// stopped instance with the wrong profile, an assignment whose profile does not exist, and
/// instances already in line. Keys name instances by what is wrong with them.
enum TwoRegionFleet {
    static let profiles = [
        ProfileSeed("payments-ec2", role: "payments-app"),
        ProfileSeed("web-ec2", role: "web-app"),
        ProfileSeed("legacy-ec2", role: "legacy-app"),
    ]

    static let payments = ["team": "payments"]
    static let web = ["team": "web"]
    static let sandbox = ["team": "sandbox"]
    static let batch = ["team": "batch"]

    static let instances = [
        InstanceSeed("east-missing", tags: payments),
        InstanceSeed("east-wrong", tags: payments, profile: "legacy-ec2"),
        InstanceSeed("east-stopped-wrong", tags: payments, profile: "legacy-ec2", stopped: true),
        InstanceSeed("east-in-sync", tags: payments, profile: "payments-ec2"),
        InstanceSeed("east-unexpected", tags: sandbox, profile: "legacy-ec2"),
        InstanceSeed("east-none-in-sync", tags: sandbox),
        InstanceSeed("east-profile-missing", tags: batch),
        InstanceSeed("east-unmanaged", tags: ["team": "data"]),
        InstanceSeed("west-missing", region: "us-west-2", tags: web),
        InstanceSeed("west-wrong", region: "us-west-2", tags: web, profile: "legacy-ec2"),
        InstanceSeed("west-in-sync", region: "us-west-2", tags: web, profile: "web-ec2"),
        InstanceSeed("west-unexpected", region: "us-west-2", tags: sandbox, profile: "web-ec2"),
    ]

    /// The drift `plan` must report, by key: exactly this, nothing more.
    static let expectedDrift: [String: [String]] = [
        "east-missing": ["missing"],
        "east-wrong": ["wrong"],
        "east-stopped-wrong": ["wrong"],
        "east-unexpected": ["unexpected"],
        "east-profile-missing": ["profile-not-found"],
        "east-unmanaged": ["unmanaged"],
        "west-missing": ["missing"],
        "west-wrong": ["wrong"],
        "west-unexpected": ["unexpected"],
    ]

    /// The actions `plan` must propose, by key, as "type status".
    static let expectedActions: [String: [String]] = [
        "east-missing": ["associate planned"],
        "east-wrong": ["replace planned"],
        "east-stopped-wrong": ["replace planned"],
        "east-unexpected": ["disassociate planned"],
        "east-profile-missing": ["associate blocked"],
        "west-missing": ["associate planned"],
        "west-wrong": ["replace planned"],
        "west-unexpected": ["disassociate planned"],
    ]

    /// The profile (by name) every instance should have after one `apply`; absent: none.
    static let convergedProfiles: [String: String] = [
        "east-missing": "payments-ec2", "east-wrong": "payments-ec2", "east-stopped-wrong": "payments-ec2",
        "east-in-sync": "payments-ec2", "west-missing": "web-ec2", "west-wrong": "web-ec2", "west-in-sync": "web-ec2",
    ]

    /// The manifests that describe the fleet: one policy over both regions, four assignments.
    static func manifests(mode: String = "enforce", maxChanges: Int = 50) -> [String: String] {
        [
            "policy.yaml": ManifestText.policy(regions: ["us-east-1", "us-west-2"], mode: mode, maxChanges: maxChanges),
            "teams/payments.yaml": ManifestText.assignment("payments", tags: payments, profile: "payments-ec2"),
            "teams/web.yaml": ManifestText.assignment("web", tags: web, profile: "web-ec2"),
            "teams/sandbox.yaml": ManifestText.documents(
                ManifestText.assignment("sandbox", tags: sandbox, profile: "none"),
                ManifestText.assignment("batch", tags: batch, profile: "batch-ec2")),
        ]
    }

    /// Seeds the fleet and commits its manifests; returns instance ids by key.
    @discardableResult
    static func seed(in world: World, mode: String = "enforce", maxChanges: Int = 50) async throws -> [String: String] {
        let ids = try await world.fleet.seed(profiles: profiles, instances: instances)
        try await world.commit(manifests(mode: mode, maxChanges: maxChanges))
        return ids
    }

    /// Every active association of both regions: instance id → profile name.
    static func associations(in world: World) async throws -> [String: String] {
        let east = try await world.fleet.associations(region: "us-east-1")
        let west = try await world.fleet.associations(region: "us-west-2")
        return east.merging(west) { first, _ in first }
    }

    /// Rewrites a map keyed by instance key into one keyed by instance id.
    static func byId<Value>(_ byKey: [String: Value], ids: [String: String]) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: byKey.map { (ids[$0.key] ?? "unknown \($0.key)", $0.value) })
    }
}
