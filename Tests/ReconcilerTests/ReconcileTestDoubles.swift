import AWSClient
import Foundation
import RoleSyncCore
@testable import Reconciler

/// A fleet in memory: the inventory reader reads it, the executor changes it, so a converge
/// run in process against it ends where a real one would.
actor FakeFleet: InventoryReader, RemediationExecutor, TargetResolver, DesiredStateSource {
    static let target = Target(account: "111122223333", region: "us-east-1")
    static func arn(_ name: String) -> String { "arn:aws:iam::111122223333:instance-profile/\(name)" }

    var instances: [String: String?]
    var desired: DesiredState
    /// Every mutation carried out, as `type instance`.
    var executed: [String] = []
    /// How many times the inventory was read.
    var reads = 0
    /// Desired state by ref, for `plan --base`.
    var otherRevisions: [String: DesiredState] = [:]

    init(instances: [String: String?], assignments: [String: String]) {
        self.instances = instances
        self.desired = FakeFleet.desiredState(assignments)
    }

    static func desiredState(_ assignments: [String: String], revision: String = "4f2a9c1e0b7d4c3a2f1e0d9c8b7a695847362514") -> DesiredState {
        DesiredState(
            revision: revision,
            assignments: assignments.sorted(by: { $0.key < $1.key }).enumerated().map { index, pair in
                InstanceRoleAssignment(
                    name: "a\(index)", selector: InstanceSelector(instanceIds: [pair.key]), regions: nil, accounts: nil,
                    instanceProfile: ProfileReference(manifestValue: pair.value),
                    source: SourceLocation(file: "fleet.yaml", line: index + 1, column: 3))
            })
    }

    func setRevision(_ ref: String, _ state: DesiredState) { otherRevisions[ref] = state }
    func setProfile(_ instance: String, _ profile: String?) { instances[instance] = profile }

    nonisolated func desiredState(at ref: String?) async throws -> DesiredState {
        guard let ref else { return await desired }
        guard let state = await otherRevisions[ref] else { throw DesiredStateError.empty(revision: ref) }
        return state
    }

    nonisolated func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
        [ResolvedTarget(
            target: Self.target, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDFAKE", secretAccessKey: "fake")))]
    }

    func read(_ targets: [ResolvedTarget], scanUserData: Bool) async throws -> LiveInventory {
        reads += 1
        let live = instances.sorted(by: { $0.key < $1.key }).map { id, profile in
            LiveInstance(
                instanceId: id, target: Self.target, state: .running,
                association: profile.map {
                    ProfileAssociation(associationId: "iip-assoc-\(id)", instanceId: id, profileArn: Self.arn($0), state: .associated)
                })
        }
        let names = ["web", "db", "batch"]
        return LiveInventory(
            targets: [Self.target], instances: live,
            profiles: [Self.target.account: names.map {
                LiveInstanceProfile(name: $0, arn: Self.arn($0), account: Self.target.account, roles: ["arn:aws:iam::111122223333:role/\($0)"])
            }],
            findings: [])
    }

    func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction] {
        actions.map { action in
            guard action.status == .planned, action.type.isMutation else { return action }
            var outcome = action
            let name = action.profile.map { String($0.split(separator: "/").last ?? "") }
            instances[action.instanceId] = action.type == .disassociate ? String?.none : name
            executed.append("\(action.type.rawValue) \(action.instanceId)")
            outcome.status = .succeeded
            return outcome
        }
    }
}

/// Keeps records in memory; can be told to fail.
actor MemoryRecorder: DecisionRecorder {
    var records: [DecisionRecord] = []
    var failing = false
    var failReads = false

    func setFailing(_ value: Bool) { failing = value }
    func setFailReads(_ value: Bool) { failReads = value }

    func latestRecord() async throws -> DecisionRecord? {
        if failReads { throw CocoaError(.fileReadUnknown) }
        return records.last
    }

    func lastAppliedRevision() async throws -> String? {
        if failReads { throw CocoaError(.fileReadUnknown) }
        return records.last { $0.refusal == nil && $0.desiredRevision != "worktree" }?.desiredRevision
    }

    func record(_ record: DecisionRecord) async throws -> String {
        if failing { throw CocoaError(.fileWriteUnknown) }
        if records.contains(where: { $0.runId == record.runId }) { return "sha-\(record.runId)" }
        records.append(record)
        return "sha-\(record.runId)"
    }
}

/// A temporary cache folder, removed by the caller.
func temporaryCache() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-test-\(UUID().uuidString)")
}

/// A reconcile wired to the fakes.
func fakeReconciliation(fleet: FakeFleet, recorder: MemoryRecorder, cache: URL, maxChanges: Int? = nil) -> Reconciliation {
    Reconciliation(
        ports: ReconcilePorts(desiredState: fleet, targets: fleet, inventory: fleet, executor: fleet, recorder: recorder),
        state: ReconcileStateFiles(cacheDirectory: cache, repository: "file:///srv/desired.git"), maxChanges: maxChanges)
}
