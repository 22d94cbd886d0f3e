import Foundation
import RoleSyncCore

/// `user-data`: `CredentialScanner.inspectUserData` on the worst inputs the default limits
/// allow (`HostileUserData`), one case at a time, with the CPU time and the memory each takes.
/// Target: every case well under 1 s of CPU; a run's whole 64 MiB budget in a few seconds.
enum UserDataBenchmark {
    struct Case {
        var name: String
        var base64: String
    }

    static func run(runs: Int) {
        let limits = UserDataLimits()
        print("user-data: inspectUserData within the default limits (1 MiB per instance, depth 4, "
            + "64 parts, 64 MiB per run), \(runs) runs")
        let cases = [
            // 64 MiB compress to about 64 KiB: a larger bomb would spend the budget on its base64.
            Case(name: "gzip bomb, 64 MiB of script lines", base64: HostileUserData.base64(
                HostileUserData.gzipBomb(of: "echo the same line again and again\n", megabytes: 64))),
            Case(name: "gzip bomb, 64 MiB of zero bytes", base64: HostileUserData.base64(
                HostileUserData.gzipBomb(of: String(repeating: "\u{0}", count: 64), megabytes: 64))),
            Case(name: "deepest allowed: gzip, multipart, gzip part, multipart, 900 KiB script", base64: HostileUserData.deepest()),
            Case(name: "multipart nested 12,000 levels in 1 MiB", base64: HostileUserData.nestedMIME(levels: 12_000)),
            Case(name: "64 parts of 15 KiB (the most parts allowed)", base64: HostileUserData.manyParts(count: 64, partBytes: 15 << 10)),
            Case(name: "10,000 parts (over the part limit)", base64: HostileUserData.manyParts(count: 10_000, partBytes: 40)),
            // Every line an anchor: the scanner marks neighbours per anchor, linear in lines.
            Case(name: "700 KiB of keyword lines", base64: HostileUserData.base64(
                String(repeating: "secret_key\n", count: 65_000))),
        ]
        var worstCPU = Duration.zero
        for item in cases {
            let baseline = ProcessMemory.resetPeak()
            let (times, inspection) = Timings.measure(runs: runs) {
                CredentialScanner.inspectUserData(base64: item.base64, limits: limits)
            }
            let peak = ProcessMemory.peakResidentKB
            worstCPU = max(worstCPU, times.medianCPU)
            print("  case: \(item.name) (\(item.base64.utf8.count) bytes of base64)")
            report("  result", "\(inspection.decodedBytes) bytes decoded, \(inspection.parts) part(s), "
                + "\(inspection.matches.count) match(es), " + (inspection.reason.map { "could not inspect: \($0)" } ?? "complete"))
            report("  time", times.summary)
            report("  peak resident", "\(ProcessMemory.describe(peak)) (\(ProcessMemory.describe(baseline)) before; "
                + "+\(ProcessMemory.describe(peak.flatMap { p in baseline.map { p - $0 } }))")
        }
        check("every case under 1 s of CPU", worstCPU < .seconds(1), "worst median \(worstCPU.milliseconds)")
        runBudget(limits: limits, bomb: cases[0].base64)
    }

    /// 65 bombs in one run: 64 spend the run's budget, the rest are refused without decoding.
    static func runBudget(limits: UserDataLimits, bomb: String) {
        let clock = ContinuousClock()
        let cpuStart = Timings.processCPUTime()
        var remaining = limits.decodedBytesPerRun
        var refused = 0
        let wall = clock.measure {
            for _ in 0..<65 {
                let available = min(limits.decodedBytesPerInstance, remaining)
                let inspection = CredentialScanner.inspectUserData(base64: bomb, limits: limits, available: available)
                remaining -= inspection.decodedBytes
                if inspection.problems.contains(where: { $0.kind == .runBudget }) { refused += 1 }
            }
        }
        let cpu = Timings.processCPUTime() - cpuStart
        print("  case: a run of 65 bombs (64 MiB run budget)")
        report("  result", "\(limits.decodedBytesPerRun - remaining) bytes decoded, \(refused) refused by the run budget")
        report("  time", "wall \(wall.milliseconds); cpu \(cpu.milliseconds)")
    }
}

extension UserDataInspection {
    /// Distinct documents the matches and problems name: a rough count of parts read.
    fileprivate var parts: Int {
        Set(matches.map { $0.location.split(separator: ":").first.map(String.init) ?? "" }).count
    }
}
