import Foundation
import RoleSyncCore
import TestSupport

/// One `apply` behind the fault proxy: what it reported, and which requests reached the
/// emulator while it ran.
struct FaultRun {
    var number: Int
    var result: ProcessResult
    /// The apply report (the plan with final statuses); nil when the run stopped before planning.
    var report: Plan?
    var forwarded: [ForwardedRequest]

    init(number: Int, result: ProcessResult, forwarded: [ForwardedRequest]) {
        self.number = number
        self.result = result
        self.forwarded = forwarded
        report = try? Plan.decode(from: Data(result.stdout.utf8))
    }

    /// Actions whose calls were sent: the ones a mutation request may belong to.
    var executed: [PlannedAction] {
        report?.actions.filter { $0.status == .succeeded || $0.status == .failed } ?? []
    }

    var mutationsSent: [ForwardedRequest] { forwarded.filter(\.isMutation) }
}

/// Checks the mutations that reached EC2 against what the runs planned and recorded.
enum FaultAudit {
    /// The executed action of `run` that `request` is a call of, or nil: a wrong mutation.
    /// Associate names its instance; Replace and Disassociate name the association the plan saw.
    static func action(for request: ForwardedRequest, in run: FaultRun) -> PlannedAction? {
        let parameters = request.request.parameters
        let profile = parameters["IamInstanceProfile.Arn"] ?? parameters["IamInstanceProfile.Name"]
        return run.executed.first { action in
            let swaps = action.type == .replace && action.strategy == .disassociateAssociate
            switch request.action {
            case "AssociateIamInstanceProfile":
                return action.instanceId == parameters["InstanceId"] && (action.type == .associate || swaps)
                    && sameProfile(profile, action.profile)
            case "DisassociateIamInstanceProfile":
                return action.expected?.associationId == parameters["AssociationId"] && (action.type == .disassociate || swaps)
            case "ReplaceIamInstanceProfileAssociation":
                return action.expected?.associationId == parameters["AssociationId"] && action.type == .replace && !swaps
                    && sameProfile(profile, action.profile)
            default:
                return false
            }
        }
    }

    /// Every mutation request that matches no executed action of its run, described.
    static func wrongMutations(in runs: [FaultRun]) -> [String] {
        runs.flatMap { run in
            run.mutationsSent.filter { action(for: $0, in: run) == nil }
                .map { "run \(run.number): \($0.action) \($0.request.parameters)" }
        }
    }

    /// Mutations whose answer was lost, with the action each belongs to (nil: a wrong mutation).
    static func lostAnswers(in runs: [FaultRun]) -> [(run: Int, request: ForwardedRequest, action: PlannedAction?)] {
        runs.flatMap { run in
            run.mutationsSent.filter(\.answerLost).map { (run.number, $0, action(for: $0, in: run)) }
        }
    }

    /// Lost answers not recorded as what happened: the call took effect, so its action must be
    /// `succeeded`; an Associate or a plain Disassociate gets an answer on retry that only a
    /// re-read explains, so its reason must say the re-read confirmed it.
    static func misrecordedLostAnswers(in runs: [FaultRun]) -> [String] {
        lostAnswers(in: runs).compactMap { lost in
            guard let action = lost.action else { return nil }
            let describe = "run \(lost.run): \(lost.request.action) (\(lost.request.fault)) of \(action.instanceId)"
            guard action.status == .succeeded else { return "\(describe) recorded \(action.status.rawValue): \(action.reason ?? "")" }
            let plain = action.type == .associate || action.type == .disassociate
            if plain && action.reason != confirmedByReread { return "\(describe) recorded without the re-read: \(action.reason ?? "-")" }
            return nil
        }
    }

    static let confirmedByReread = "applied (confirmed by re-read)"

    /// Runs that executed actions and have no decision record holding those outcomes.
    static func unrecordedRuns(_ runs: [FaultRun], records: [DecisionRecord]) -> [Int] {
        let recorded = Set(records.map { outcomes($0.actions) })
        return runs.filter { !$0.executed.isEmpty && !recorded.contains(outcomes($0.executed)) }.map(\.number)
    }

    /// The executed actions as `instance type status` lines: what a record must say of a run.
    static func outcomes(_ actions: [PlannedAction]) -> Set<String> {
        Set(actions.filter { $0.status == .succeeded || $0.status == .failed }
            .map { "\($0.instanceId) \($0.type.rawValue) \($0.status.rawValue)" })
    }

    /// A profile as sent (name or ARN) and as planned (name or ARN) are the same profile.
    static func sameProfile(_ sent: String?, _ planned: String?) -> Bool {
        guard let sent, let planned else { return false }
        func name(_ profile: String) -> String { profile.split(separator: "/").last.map(String.init) ?? profile }
        return sent == planned || name(sent) == name(planned)
    }
}

extension World {
    /// Every decision record committed to the decisions branch, oldest first.
    func decisionRecords() async throws -> [DecisionRecord] {
        var records: [DecisionRecord] = []
        for commit in try await decisionCommits().reversed() {
            let message = try await repo.git("log", "-1", "--format=%B", commit)
            guard let path = message.split(separator: "\n").first(where: { $0.hasPrefix("Record: ") })?.dropFirst(8)
            else { continue }
            records.append(try DecisionRecord.decode(from: Data(try await repo.git("show", "\(commit):\(path)").utf8)))
        }
        return records
    }
}
