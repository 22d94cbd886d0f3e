import Foundation
import RoleSyncCore

/// `validate`: ManifestLoader.load over N generated manifest files held in memory, the same
/// files scripts/bench/validate.sh writes into a Git repository, plus one ReconcilePolicy.
/// Target: under 2 s for 5,000 files (the script measures the whole command end to end).
enum ValidateBenchmark {
    static func run(files count: Int, runs: Int) {
        let files = manifestFiles(count: count)
        let bytes = files.reduce(0) { $0 + $1.contents.count }
        print("validate: ManifestLoader.load over \(count + 1) files in memory, "
            + String(format: "%.1f MB", Double(bytes) / 1_000_000) + ", \(runs) runs")
        let (times, loaded) = Timings.measure(runs: runs) { ManifestLoader.load(files, revision: "bench") }
        report("result", "\(loaded.filesRead) files, \(loaded.manifestsRead) manifests, \(loaded.problems.count) problems, "
            + "\(loaded.desiredState?.assignments.count ?? 0) assignments")
        precondition(loaded.problems.isEmpty && loaded.desiredState?.assignments.count == count,
                     "generated manifests must be valid: \(loaded.problems.prefix(3))")
        report("ManifestLoader.load", times.summary)
        report("peak resident (VmHWM)", ProcessMemory.describe(ProcessMemory.peakResidentKB))
        check("\(count) files under 2 s", times.median < .seconds(2), "median \(times.median.milliseconds)")
    }

    static func manifestFiles(count: Int) -> [ManifestFile] {
        var files = (0..<count).map { index -> ManifestFile in
            let team = "team-" + String(format: "%03d", index / 100)
            let service = "service-" + String(format: "%05d", index)
            let text = """
                apiVersion: rolesync.dev/v1
                kind: InstanceRoleAssignment
                metadata:
                  name: \(service)
                spec:
                  selector:
                    tags: {team: \(team), service: \(service)}
                  regions: [us-east-1, eu-west-1]
                  instanceProfile: \(service)-ec2

                """
            return ManifestFile(path: "teams/\(team)/\(service).yaml", contents: Data(text.utf8))
        }
        let policy = """
            apiVersion: rolesync.dev/v1
            kind: ReconcilePolicy
            metadata:
              name: default
            spec:
              regions: [us-east-1, eu-west-1]
              maxChanges: 1000

            """
        files.append(ManifestFile(path: "policy.yaml", contents: Data(policy.utf8)))
        return files
    }
}
