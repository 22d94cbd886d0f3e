import Foundation
import RoleSyncCore
import TestSupport

/// The figures of one fault-injection run, printed as lines starting `fault-figures:` so
/// `scripts/fault-test.sh` can lift them into RELIABILITY.md.
struct FaultFigures: CustomStringConvertible {
    var instances: Int
    var rate: Double
    var seed: UInt64
    var seen: [FaultProxyEntry]
    var runs: [FaultRun]
    var wrongMutations: Int
    var misrecorded: Int
    var unrecordedRuns: Int
    var elapsed: Duration

    /// Fault counts by kind, for faults on requests (nothing reached the emulator) or on replies.
    func faults(onReply: Bool) -> [(String, Int)] {
        let faulted = seen.filter { $0.fault != .pass && $0.fault.reachesEmulator == onReply }
        return Dictionary(grouping: faulted, by: \.fault.description).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
    }

    var description: String {
        let mutations = runs.flatMap(\.mutationsSent)
        let lost = FaultAudit.lostAnswers(in: runs)
        let executed = runs.flatMap(\.executed)
        let confirmed = executed.filter { $0.reason == FaultAudit.confirmedByReread }
        let actedRuns = runs.filter { !$0.executed.isEmpty }.count
        func list(_ counts: [(String, Int)]) -> String {
            counts.isEmpty ? "none" : counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
        let requestFaults = faults(onReply: false)
        let replyFaults = faults(onReply: true)
        let lines = [
            "\(instances) instances over us-east-1 and us-west-2, fault rate \(rate), seed \(seed), \(String(format: "%.0f", elapsed / .seconds(1))) s",
            "requests \(seen.count), faulted \(requestFaults.map(\.1).reduce(0, +) + replyFaults.map(\.1).reduce(0, +))",
            "request faults (never reached EC2): \(list(requestFaults))",
            "reply faults (reached EC2, answer lost): \(list(replyFaults))",
            "runs to converge: \(runs.count) (exit codes \(runs.map { String($0.result.exitCode) }.joined(separator: ", ")))",
            "actions per run (succeeded/failed): " + runs.map { run in
                let succeeded = run.executed.filter { $0.status == .succeeded }.count
                return "\(succeeded)/\(run.executed.count - succeeded)"
            }.joined(separator: ", "),
            "mutation requests that reached EC2: \(mutations.count); wrong mutations: \(wrongMutations)",
            "mutations whose answer was lost: \(lost.count) (\(Set(lost.compactMap { $0.action?.instanceId }).count) actions); "
                + "actions confirmed by re-read: \(confirmed.count); lost answers misrecorded: \(misrecorded)",
            "lost answers by call: " + list(Dictionary(grouping: lost, by: \.request.action).map { ($0.key, $0.value.count) }
                .sorted { $0.0 < $1.0 }),
            "failed actions by error code: " + list(Dictionary(grouping: executed.filter { $0.status == .failed }) {
                $0.errorCode ?? "-"
            }.map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }),
            "runs that acted: \(actedRuns), without a decision record: \(unrecordedRuns)",
        ]
        return lines.map { "fault-figures: " + $0 }.joined(separator: "\n")
    }
}
