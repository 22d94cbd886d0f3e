import Foundation
import RoleSyncCore

/// `diff-plan`: Differ.diff and Planner.plan over the synthetic fleet, timed separately and
/// together. Targets: under 1 s for both, under 500 MB peak resident memory.
enum DiffPlanBenchmark {
    static func run(instances: Int, assignments: Int, runs: Int) {
        print("diff-plan: \(instances) instances, \(assignments) tag-selector assignments, \(runs) runs")
        let fleet = SyntheticFleet(instances: instances, assignments: assignments)
        let desired = fleet.desiredState
        let inventory = fleet.inventory
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        report("resident after building the inputs", ProcessMemory.describe(ProcessMemory.residentKB))

        let (diffTimes, drift) = Timings.measure(runs: runs) {
            Differ.diff(desired: desired, inventory: inventory, now: now)
        }
        let (planTimes, plan) = Timings.measure(runs: runs) {
            Planner.plan(drift: drift, desired: desired, inventory: inventory)
        }
        let (totalTimes, total) = Timings.measure(runs: runs) {
            let report = Differ.diff(desired: desired, inventory: inventory, now: now)
            return Planner.plan(drift: report, desired: desired, inventory: inventory)
        }
        precondition(total.summary == plan.summary, "the timed total must plan the same as the parts")

        report("drift summary", "\(drift.summary.instances) managed, \(drift.summary.inSync) in sync, "
            + "\(drift.summary.drifted) drifted, \(drift.items.count) items")
        report("drift kinds", histogram(drift.items.map(\.kind.rawValue)))
        report("plan", "\(plan.summary.actions) planned, \(plan.summary.blocked) blocked, "
            + "types: \(histogram(plan.actions.map(\.type.rawValue)))")
        report("plan hash", plan.planHash)
        report("plan JSON fingerprint", fingerprint(plan.encodeJSON()))
        report("Differ.diff", diffTimes.summary)
        report("Planner.plan", planTimes.summary)
        report("diff + plan", totalTimes.summary)
        let peak = ProcessMemory.peakResidentKB
        report("peak resident (VmHWM)", ProcessMemory.describe(peak))
        check("diff + plan under 1 s", totalTimes.median < .seconds(1),
              "wall median \(totalTimes.median.milliseconds), cpu median \(totalTimes.medianCPU.milliseconds)")
        check("peak memory under 500 MB", (peak ?? .max) < 500 * 1024, ProcessMemory.describe(peak))
    }

    /// FNV-1a over the plan's JSON bytes: equal before and after an optimisation of the core,
    /// or the optimisation changed what rolesync plans.
    static func fingerprint(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - digits.count) + digits + " over \(data.count) bytes"
    }

    /// `a 3, b 1`, sorted by name: a compact sanity check that the workload is the mix intended.
    static func histogram(_ values: [String]) -> String {
        Dictionary(grouping: values, by: { $0 }).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
            .map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }
}
