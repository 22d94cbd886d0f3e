import Foundation

/// Timings of repeated runs of one piece of work, summarised the way the benchmark report
/// quotes them: best and median run, in wall-clock time and in CPU time of this process. The
/// work measured is single-threaded, so on a shared machine CPU time is the steadier figure.
struct Timings: Sendable {
    var wall: [Duration]
    var cpu: [Duration]

    var best: Duration { wall.min() ?? .zero }
    var median: Duration { Self.median(wall) }
    var bestCPU: Duration { cpu.min() ?? .zero }
    var medianCPU: Duration { Self.median(cpu) }

    /// `wall best 1.0 ms, median 1.1 ms; cpu best …, median …`
    var summary: String {
        "wall best \(best.milliseconds), median \(median.milliseconds); "
            + "cpu best \(bestCPU.milliseconds), median \(medianCPU.milliseconds)"
    }

    static func median(_ samples: [Duration]) -> Duration {
        let sorted = samples.sorted()
        return sorted.isEmpty ? .zero : sorted[sorted.count / 2]
    }

    /// Runs `work` `runs` times and keeps each run's durations. The result of the last run is
    /// returned so the caller can check it (and so the optimiser cannot drop the work).
    static func measure<Result>(runs: Int, _ work: () throws -> Result) rethrows -> (Timings, Result) {
        let clock = ContinuousClock()
        var timings = Timings(wall: [], cpu: [])
        var last: Result?
        for _ in 0..<max(runs, 1) {
            var result: Result?
            let cpuStart = processCPUTime()
            timings.wall.append(try clock.measure { result = try work() })
            timings.cpu.append(processCPUTime() - cpuStart)
            last = result
        }
        return (timings, last!)
    }

    /// User plus system time of the whole process so far.
    static func processCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// `123.4 ms`: the unit the report tables use.
    var milliseconds: String { String(format: "%.1f ms", seconds * 1000) }
}

/// Memory figures from `/proc/self/status` (Linux); nil elsewhere.
enum ProcessMemory {
    /// `VmHWM`: the peak resident set size of this process so far, in kB.
    static var peakResidentKB: Int? { field("VmHWM") }

    /// `VmRSS`: the current resident set size, in kB.
    static var residentKB: Int? { field("VmRSS") }

    static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        return nil
    }

    /// Resets `VmHWM` to the current resident size (Linux 4.0 and later) and returns that size,
    /// so a later `peakResidentKB` is the peak of what ran since, not of building the inputs.
    @discardableResult
    static func resetPeak() -> Int? {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return residentKB
    }

    static func describe(_ kilobytes: Int?) -> String {
        kilobytes.map { String(format: "%.1f MB", Double($0) / 1024) } ?? "unknown"
    }
}

/// One line per figure, `name: value`, easy to read and to grep from the scripts.
func report(_ name: String, _ value: String) {
    print("  \(name): \(value)")
}

/// Prints whether a figure meets its target. A miss is reported, not fatal: the numbers are
/// the point, and the scripts that call the benchmark keep going.
func check(_ name: String, _ met: Bool, _ detail: String) {
    print("  target \(name): \(met ? "met" : "MISSED") (\(detail))")
}
