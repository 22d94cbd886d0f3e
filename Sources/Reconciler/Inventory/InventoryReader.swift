import AWSClient
import Foundation
import RoleSyncCore

/// Reads the live state of the fleet: the effect boundary the differ's input comes through.
public protocol InventoryReader: Sendable {
    func read(_ targets: [ResolvedTarget], scanUserData: Bool) async throws -> LiveInventory

    /// Reads the targets a few at a time and hands each one's inventory (one target, its
    /// account's profiles) to `consume` as soon as it is read, so no more than a few targets
    /// are held at once. A target that failed comes as a shard that names it in
    /// `failedTargets`. Throws, as `read` does, when every target failed.
    func readShards(
        _ targets: [ResolvedTarget], scanUserData: Bool, consume: (LiveInventory) async throws -> Void
    ) async throws
}

extension InventoryReader {
    /// Readers without a streaming read hand over `read`'s result target by target.
    public func readShards(
        _ targets: [ResolvedTarget], scanUserData: Bool, consume: (LiveInventory) async throws -> Void
    ) async throws {
        for shard in try await read(targets, scanUserData: scanUserData).shards() { try await consume(shard) }
    }
}

/// One account and region to reconcile, with the credentials that reach it.
public struct ResolvedTarget: Sendable {
    public var target: Target
    public var credentials: any CredentialProvider
    /// Why the target's account could not be reached (its role could not be assumed, its
    /// regions not listed): the target is then a failed target, never read.
    public var unreachable: (any Error)?

    public init(target: Target, credentials: any CredentialProvider, unreachable: (any Error)? = nil) {
        self.target = target
        self.credentials = credentials
        self.unreachable = unreachable
    }
}

/// Reads instances, the association listing, instance profiles, and the Auto Scaling groups
/// and launch template versions they launch from, through the EC2, IAM and Auto Scaling APIs. Every read is paginated (never one call per instance), targets are read concurrently,
/// and the request policy paces each target's calls within its token buckets.
public struct AWSInventoryReader: InventoryReader {
    public var session: AWSSession
    /// Called after each target is read, for progress on a terminal.
    public var progress: (@Sendable (Target, Int) -> Void)?
    /// What scanning user-data may cost, per instance and per `read`.
    public var userDataLimits: UserDataLimits

    public init(
        session: AWSSession, progress: (@Sendable (Target, Int) -> Void)? = nil,
        userDataLimits: UserDataLimits = UserDataLimits()
    ) {
        self.session = session
        self.progress = progress
        self.userDataLimits = userDataLimits
    }

    /// Reads every target; one whose read fails (past the retries) is reported in
    /// `failedTargets` and the others are still read, so an outage in one region does not stop
    /// the rest of the fleet from converging. When every target fails there is nothing to go
    /// on: the first error is thrown, as it names the cause (credentials, endpoint, outage).
    ///
    /// A target the resolver found unreachable is failed without a call; an account whose
    /// instance profiles cannot be listed fails all its targets (without the profiles its
    /// instances would be judged against nothing), and the other accounts go on.
    public func read(_ targets: [ResolvedTarget], scanUserData: Bool) async throws -> LiveInventory {
        let reachable = targets.filter { $0.unreachable == nil }
        let accounts = Dictionary(reachable.map { ($0.target.account, $0.credentials) }) { first, _ in first }
        let budget = UserDataBudget(limits: userDataLimits)
        // The profile listing is one more child of the same group, not an `async let` beside
        // it: optimized builds of this toolchain crashed copying the group's results when both
        // were outstanding in one frame.
        var profiles: [String: Result<[LiveInstanceProfile], any Error>] = [:]
        var results: [TargetResult] = targets.compactMap { target in
            target.unreachable.map { TargetResult(target: target.target, result: .failure($0)) }
        }
        await withTaskGroup(of: InventoryPart.self) { group in
            group.addTask { .profiles(await readProfiles(accounts)) }
            for target in reachable {
                group.addTask {
                    do {
                        return .target(TargetResult(
                            target: target.target, result: .success(try await readTarget(target, scanUserData: scanUserData, budget: budget))))
                    } catch {
                        return .target(TargetResult(target: target.target, result: .failure(error)))
                    }
                }
            }
            for await part in group {
                switch part {
                case .profiles(let listed):
                    profiles = listed
                case .target(let read):
                    if case .success(let reading) = read.result { progress?(reading.target, reading.instances.count) }
                    results.append(read)
                }
            }
        }
        results = results.map { read in
            guard case .success = read.result, case .failure(let error)? = profiles[read.target.account] else { return read }
            return TargetResult(target: read.target, result: .failure(error))
        }
        results.sort { $0.target < $1.target }
        let outcome = try Self.partition(results.map { ($0.target, $0.result) })
        return LiveInventory(
            targets: targets.map(\.target).sorted(),
            instances: outcome.readings.flatMap(\.instances).sorted { $0.instanceId < $1.instanceId },
            profiles: profiles.compactMapValues { try? $0.get() },
            findings: outcome.readings.flatMap(\.userData.findings),
            uninspected: outcome.readings.flatMap(\.userData.uninspected)
                .sorted { ($0.target, $0.instanceId) < ($1.target, $1.instanceId) },
            failedTargets: outcome.failed,
            autoScalingGroups: outcome.readings.flatMap(\.launchTemplates.groups),
            launchTemplateVersions: outcome.readings.flatMap(\.launchTemplates.versions))
    }

    /// Splits per-target results into readings and failed targets. Rethrows when nothing was
    /// read at all, and always for cancellation (the run is stopping, not one target failing).
    static func partition(_ results: [(Target, Result<TargetReading, any Error>)]) throws
        -> (readings: [TargetReading], failed: [FailedTarget])
    {
        var readings: [TargetReading] = []
        var failed: [FailedTarget] = []
        var firstError: (any Error)?
        for (target, result) in results {
            switch result {
            case .success(let reading):
                readings.append(reading)
            case .failure(let error):
                if error is CancellationError { throw error }
                firstError = firstError ?? error
                let (code, message) = ApplyDecisions.codeAndMessage(of: error)
                failed.append(FailedTarget(target: target, reason: "\(code): \(message)"))
            }
        }
        if readings.isEmpty, let firstError { throw firstError }
        return (readings, failed)
    }

    /// One target's read, or why it failed.
    struct TargetResult: Sendable {
        var target: Target
        var result: Result<TargetReading, any Error>
    }

    /// What one child of the inventory read brings back.
    enum InventoryPart: Sendable {
        case profiles([String: Result<[LiveInstanceProfile], any Error>])
        case target(TargetResult)
    }

    struct TargetReading: Sendable {
        var target: Target
        var instances: [LiveInstance]
        var userData: UserDataScanResult
        var launchTemplates = LaunchTemplateReading()
    }

    func readTarget(_ resolved: ResolvedTarget, scanUserData: Bool, budget: UserDataBudget) async throws -> TargetReading {
        let ec2 = try session.ec2(resolved.target, credentials: resolved.credentials)
        async let described = ec2.describeInstances()
        async let associations = ec2.describeIamInstanceProfileAssociations()
        async let templates = readLaunchTemplates(resolved, ec2: ec2, scanUserData: scanUserData, budget: budget)
        let live = InventoryMapping.liveInstances(
            try await described, associations: try await associations, target: resolved.target)
        let userData = scanUserData ? try await scanUserDataOf(live, with: ec2, budget: budget) : UserDataScanResult()
        return TargetReading(
            target: resolved.target, instances: live, userData: userData, launchTemplates: try await templates)
    }

    /// Each account's instance profiles, or why they could not be listed.
    func readProfiles(_ accounts: [String: any CredentialProvider]) async -> [String: Result<[LiveInstanceProfile], any Error>] {
        await withTaskGroup(of: (String, Result<[LiveInstanceProfile], any Error>).self) { group in
            for (account, credentials) in accounts {
                group.addTask {
                    do {
                        let iam = try session.iam(account: account, credentials: credentials)
                        return (account, .success(InventoryMapping.profiles(try await iam.listInstanceProfiles(), account: account)))
                    } catch {
                        return (account, .failure(error))
                    }
                }
            }
            var byAccount: [String: Result<[LiveInstanceProfile], any Error>] = [:]
            for await (account, profiles) in group { byAccount[account] = profiles }
            return byAccount
        }
    }
}
