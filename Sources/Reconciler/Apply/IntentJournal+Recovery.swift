import Foundation
import RoleSyncCore

extension IntentJournal {
    /// The calls of every run the journal holds: runs that stopped before their record was
    /// kept, since a finished run's journal is cleared. A torn line (a crash mid-write) ends the
    /// readable part: what follows it cannot be trusted and is not there in practice.
    public func unfinishedRuns() throws -> [JournaledRun] {
        guard let data = FileManager.default.contents(atPath: file.path), !data.isEmpty else { return [] }
        var runs: [String: JournaledRun] = [:]
        var order: [String] = []
        let decoder = JSONDecoder()
        for line in data.split(separator: 0x0a, omittingEmptySubsequences: true) {
            guard let entry = try? decoder.decode(JournalLine.self, from: Data(line)) else { break }
            if runs[entry.runId] == nil {
                runs[entry.runId] = JournaledRun(runId: entry.runId, calls: [])
                order.append(entry.runId)
            }
            switch entry.event {
            case .intent:
                guard let call = entry.call else { continue }
                runs[entry.runId]?.calls.append(JournaledCall(sequence: entry.sequence, call: call, answer: .none))
            case .answer:
                guard let index = runs[entry.runId]?.calls.lastIndex(where: { $0.sequence == entry.sequence }) else { continue }
                runs[entry.runId]?.calls[index].answer = entry.answer == .succeeded ? .succeeded : .failed
            }
        }
        return order.compactMap { runs[$0] }.filter { !$0.calls.isEmpty }
    }
}

/// A run as its journal lines tell it.
public struct JournaledRun: Sendable, Hashable {
    public var runId: String
    public var calls: [JournaledCall]

    /// The run as a decision record reports it, each call judged against the re-read fleet.
    public func interrupted(given inventory: LiveInventory) -> InterruptedRun {
        var byKey: [String: LiveInstance] = [:]
        for instance in inventory.instances { byKey[Differ.instanceKey(instance.instanceId, instance.target)] = instance }
        return InterruptedRun(runId: runId, calls: calls.map { journaled in
            let call = journaled.call
            let live = byKey[Differ.instanceKey(call.instanceId, Target(account: call.account, region: call.region))]
            return InterruptedCall(
                account: call.account, region: call.region, instanceId: call.instanceId, action: call.action,
                call: call.call, profile: call.profile, associationId: call.associationId, answer: journaled.answer,
                onReread: live.map { Self.judge(call, against: $0) } ?? .unknown)
        })
    }

    /// Whether `instance` is as `call` would leave it.
    static func judge(_ call: JournalCall, against instance: LiveInstance) -> InterruptedCall.Reread {
        switch call.call {
        case "disassociate":
            guard let association = instance.association else { return .done }
            return association.associationId == call.associationId ? .undone : .done
        default:
            return instance.association?.profileArn == call.profile ? .done : .undone
        }
    }
}

/// One intent line and the answer that followed it, if any.
public struct JournaledCall: Sendable, Hashable {
    public var sequence: Int
    public var call: JournalCall
    public var answer: InterruptedCall.Answer
}
