import AWSClient
import Foundation
import RoleSyncCore

extension AWSInventoryReader {
    /// Targets read at once by `readShards`: enough to keep many accounts' and regions' own
    /// rate limits busy, few enough that memory stays that of a handful of shards.
    public static let shardsInFlight = 16

    /// `read`, one target at a time into `consume`, `shardsInFlight` targets read at once. Each
    /// account's instance profiles are listed first (they are small, and every target of the
    /// account is judged against them); an account whose profiles cannot be listed fails all
    /// its targets, as in `read`.
    public func readShards(
        _ targets: [ResolvedTarget], scanUserData: Bool, consume: (LiveInventory) async throws -> Void
    ) async throws {
        let reachable = targets.filter { $0.unreachable == nil }
        let accounts = Dictionary(reachable.map { ($0.target.account, $0.credentials) }) { first, _ in first }
        let budget = UserDataBudget(limits: userDataLimits)
        let profiles = await readProfiles(accounts)
        var delivery = ShardDelivery(profiles: profiles, progress: progress)
        for target in targets {
            if let error = target.unreachable { try await delivery.deliver(target.target, .failure(error), to: consume) }
        }
        // Chunk by chunk, each its own group, rather than a sliding window over one group: the
        // plainest shape of structured concurrency, which this toolchain's optimized builds run
        // reliably.
        var start = reachable.startIndex
        while start < reachable.endIndex {
            let chunk = reachable[start..<min(start + Self.shardsInFlight, reachable.endIndex)]
            start = chunk.endIndex
            let reads = await withTaskGroup(of: TargetResult.self) { group in
                for target in chunk {
                    group.addTask {
                        do {
                            return TargetResult(
                                target: target.target,
                                result: .success(try await readTarget(target, scanUserData: scanUserData, budget: budget)))
                        } catch {
                            return TargetResult(target: target.target, result: .failure(error))
                        }
                    }
                }
                var reads: [TargetResult] = []
                for await read in group { reads.append(read) }
                return reads
            }
            for read in reads { try await delivery.deliver(read.target, read.result, to: consume) }
        }
        if delivery.succeeded == 0, let error = delivery.firstError { throw error }
    }
}

/// Turns each target's read into the shard `readShards` hands over, counting what succeeded.
struct ShardDelivery {
    let profiles: [String: Result<[LiveInstanceProfile], any Error>]
    let progress: (@Sendable (Target, Int) -> Void)?
    private(set) var succeeded = 0
    private(set) var firstError: (any Error)?

    init(profiles: [String: Result<[LiveInstanceProfile], any Error>], progress: (@Sendable (Target, Int) -> Void)?) {
        self.profiles = profiles
        self.progress = progress
    }

    mutating func deliver(
        _ target: Target, _ result: Result<AWSInventoryReader.TargetReading, any Error>,
        to consume: (LiveInventory) async throws -> Void
    ) async throws {
        let listed = (try? profiles[target.account]?.get()).map { [target.account: $0] } ?? [:]
        var outcome = result
        if case .success = result, case .failure(let error)? = profiles[target.account] { outcome = .failure(error) }
        switch outcome {
        case .success(let reading):
            succeeded += 1
            progress?(target, reading.instances.count)
            try await consume(LiveInventory(
                targets: [target], instances: reading.instances.sorted { $0.instanceId < $1.instanceId }, profiles: listed,
                findings: reading.userData.findings,
                uninspected: reading.userData.uninspected.sorted { $0.instanceId < $1.instanceId },
                autoScalingGroups: reading.launchTemplates.groups, launchTemplateVersions: reading.launchTemplates.versions))
        case .failure(let error):
            // The run is stopping, not one target failing.
            if error is CancellationError { throw error }
            firstError = firstError ?? error
            let (code, message) = ApplyDecisions.codeAndMessage(of: error)
            try await consume(LiveInventory(
                targets: [target], instances: [], profiles: listed,
                failedTargets: [FailedTarget(target: target, reason: "\(code): \(message)")]))
        }
    }
}
