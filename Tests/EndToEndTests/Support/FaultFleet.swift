import Foundation
import TestSupport

/// The fleet the fault tests converge: `count` instances alternating between us-east-1 and
/// us-west-2, with every mutation the planner makes in a repeating pattern of twelve: missing
/// profiles (associate), wrong ones (replace), stopped wrong ones (disassociate, then
/// associate), stopped missing ones, unwanted ones (disassociate) and some already in line.
struct FaultFleet {
    static let regions = ["us-east-1", "us-west-2"]
    static let desiredProfile = "app-ec2"
    static let oldProfile = "old-ec2"
    static let app = ["team": "app"]
    static let sandbox = ["team": "sandbox"]

    let seeds: [InstanceSeed]

    init(count: Int) {
        seeds = (0..<count).map { index in
            let region = Self.regions[index % 2]
            let key = "i\(index)"
            switch index % 12 {
            case 1, 6, 11: return InstanceSeed(key, region: region, tags: Self.app, profile: Self.oldProfile)
            case 2, 7: return InstanceSeed(key, region: region, tags: Self.app, profile: Self.desiredProfile)
            case 3, 8: return InstanceSeed(key, region: region, tags: Self.sandbox, profile: Self.oldProfile)
            case 4: return InstanceSeed(key, region: region, tags: Self.app, profile: Self.oldProfile, stopped: true)
            case 10: return InstanceSeed(key, region: region, tags: Self.app, stopped: true)
            default: return InstanceSeed(key, region: region, tags: Self.app)
            }
        }
    }

    /// How many mutations the first plan holds: all but the instances already in line.
    var mutations: Int { seeds.filter { $0.profile != Self.desiredProfile || $0.tags == Self.sandbox }.count }

    /// The profile each instance must end with (nil: none), by key.
    var converged: [String: String?] {
        Dictionary(uniqueKeysWithValues: seeds.map { ($0.key, $0.tags == Self.app ? Self.desiredProfile : nil) })
    }

    /// Seeds the fleet and commits its manifests; returns instance ids by key.
    func seed(in world: World) async throws -> [String: String] {
        let profiles = [Self.desiredProfile, Self.oldProfile].map { ProfileSeed($0, role: $0) }
        let ids = try await world.fleet.seed(profiles: profiles, instances: seeds)
        try await world.commit([
            "policy.yaml": ManifestText.policy(regions: Self.regions, maxChanges: seeds.count + 10),
            "app.yaml": ManifestText.assignment("app", tags: Self.app, profile: Self.desiredProfile),
            "sandbox.yaml": ManifestText.assignment("sandbox", tags: Self.sandbox, profile: "none"),
        ])
        return ids
    }

    /// Instances (by key) whose live profile is not the converged one; empty once converged.
    func misaligned(in world: World, ids: [String: String], regions: [String] = FaultFleet.regions) async throws -> [String] {
        var live: [String: String] = [:]
        for region in regions { live.merge(try await world.fleet.associations(region: region)) { first, _ in first } }
        return seeds.filter { regions.contains($0.region) }.compactMap { seed in
            guard let id = ids[seed.key] else { return seed.key }
            let wanted = converged[seed.key] ?? nil
            return live[id] == wanted ? nil : "\(seed.key) (\(id)): \(live[id] ?? "none")"
        }
    }
}

extension World {
    /// Runs `rolesync` with the fault proxy as its AWS endpoint. The run takes seconds, and the
    /// proxy serves it from the concurrency pool meanwhile: the wait holds no thread of it.
    func rolesync(through proxy: FaultProxy, _ arguments: [String]) async throws -> ProcessResult {
        let command = invocation(arguments, endpoint: proxy.endpoint)
        return try await RoleSyncBinary.run(command.arguments, environment: command.environment)
    }
}
