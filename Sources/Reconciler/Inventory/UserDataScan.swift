import AWSClient
import Foundation
import RoleSyncCore

/// What the user-data scan of one target found: keys, and instances it could not read in full.
struct UserDataScanResult: Sendable, Equatable {
    var findings: [CredentialFinding] = []
    var uninspected: [UninspectedUserData] = []
}

extension AWSInventoryReader {
    /// Looks for AWS keys baked into user-data (the second half of the CIS control). EC2 has no
    /// batch read of user-data, so this costs one call per managed instance: it runs only when
    /// the policy sets `scanUserData`, a few at a time, within the describe token bucket.
    /// Decoding draws on `budget`, the run's share of `UserDataLimits.decodedBytesPerRun`.
    func scanUserDataOf(
        _ instances: [LiveInstance], with ec2: EC2Client, budget: UserDataBudget
    ) async throws -> UserDataScanResult {
        let managed = instances.filter { $0.state.isManaged }
        return try await withThrowingTaskGroup(of: UserDataScanResult.self) { group in
            var next = managed.makeIterator()
            var result = UserDataScanResult()
            func addNext() {
                guard let instance = next.next() else { return }
                group.addTask {
                    let encoded = try await ec2.describeInstanceAttribute(instanceId: instance.instanceId)
                    return await Self.inspect(encoded, of: instance, budget: budget)
                }
            }
            for _ in 0..<4 { addNext() }
            for try await scanned in group {
                result.findings += scanned.findings
                result.uninspected += scanned.uninspected
                addNext()
            }
            result.findings.sort { ($0.instanceId, $0.location) < ($1.instanceId, $1.location) }
            result.uninspected.sort { ($0.target, $0.instanceId) < ($1.target, $1.instanceId) }
            return result
        }
    }

    /// Scans one instance's user-data within its share of the run's budget. User-data that
    /// cannot be read in full is recorded as uninspected, with what was read still scanned:
    /// unreadable is not clean.
    static func inspect(_ encoded: String?, of instance: LiveInstance, budget: UserDataBudget) async -> UserDataScanResult {
        guard let inspection = await inspect(encoded, budget: budget) else { return UserDataScanResult() }
        return UserDataScanResult(
            findings: inspection.matches.map { $0.finding(instanceId: instance.instanceId, target: instance.target) },
            uninspected: inspection.uninspected(instanceId: instance.instanceId, target: instance.target).map { [$0] } ?? [])
    }
}

extension AWSInventoryReader {
    /// Decodes and scans base64 user-data (an instance's or a launch template version's) within
    /// its share of the run's budget; nil when there is none.
    static func inspect(_ encoded: String?, budget: UserDataBudget) async -> UserDataInspection? {
        guard let encoded, !encoded.isEmpty else { return nil }
        let available = await budget.reserve()
        let inspection = CredentialScanner.inspectUserData(base64: encoded, limits: budget.limits, available: available)
        await budget.release(unused: available - inspection.decodedBytes)
        return inspection
    }
}

/// The bytes of decoded user-data one run may still spend, shared by the targets and
/// instances scanned concurrently. Each instance reserves up to its own budget before
/// decoding and gives back what it did not use, so concurrent scans never overspend; near the
/// end an instance may find the budget held by scans still running, and is reported as such.
actor UserDataBudget {
    nonisolated let limits: UserDataLimits
    private var remaining: Int

    init(limits: UserDataLimits) {
        self.limits = limits
        remaining = max(limits.decodedBytesPerRun, 0)
    }

    /// Takes up to one instance's budget from what the run has left.
    func reserve() -> Int {
        let granted = min(limits.decodedBytesPerInstance, remaining)
        remaining -= granted
        return granted
    }

    func release(unused: Int) {
        remaining += max(unused, 0)
    }

    var bytesLeft: Int { remaining }
}
