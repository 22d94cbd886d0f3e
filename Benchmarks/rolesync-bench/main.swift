import Foundation

/// rolesync-bench [diff-plan|decode|validate|user-data|all] [--runs N] [--size N]
///
/// Times the pure core and the XML decoder on generated inputs. `--size` overrides the
/// subcommand's main size (instances for diff-plan and decode, files for validate).
struct BenchArguments {
    static let usage = "usage: rolesync-bench [diff-plan|decode|validate|user-data|all] [--runs N] [--size N]"
    static let subcommands = ["diff-plan", "decode", "validate", "user-data", "all"]

    var subcommand = "all"
    var runs = 5
    var size: Int?

    /// Nil when the arguments do not make sense.
    init?(_ arguments: [String]) {
        var rest = arguments
        guard let runs = Self.take("--runs", from: &rest), let size = Self.take("--size", from: &rest) else { return nil }
        self.runs = runs ?? 5
        self.size = size
        subcommand = rest.first ?? "all"
        guard rest.count <= 1, Self.subcommands.contains(subcommand) else { return nil }
    }

    /// `.some(nil)` when the flag is absent, nil when its value is not a positive number.
    private static func take(_ flag: String, from arguments: inout [String]) -> Int?? {
        guard let at = arguments.firstIndex(of: flag) else { return .some(nil) }
        guard at + 1 < arguments.count, let value = Int(arguments[at + 1]), value > 0 else { return nil }
        arguments.removeSubrange(at...(at + 1))
        return .some(value)
    }

    func wants(_ name: String) -> Bool { subcommand == name || subcommand == "all" }
}

guard let options = BenchArguments(Array(CommandLine.arguments.dropFirst())) else {
    print(BenchArguments.usage)
    exit(64)
}
#if DEBUG
print("warning: debug build; quote figures from `swift build -c release` only")
#endif

do {
    if options.wants("diff-plan") {
        DiffPlanBenchmark.run(instances: options.size ?? 100_000, assignments: 2_000, runs: options.runs)
    }
    if options.wants("decode") {
        try DecodeBenchmark.run(instances: options.size ?? 10_000, runs: options.runs)
    }
    if options.wants("validate") {
        ValidateBenchmark.run(files: options.size ?? 5_000, runs: options.runs)
    }
    if options.wants("user-data") {
        UserDataBenchmark.run(runs: options.runs)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
