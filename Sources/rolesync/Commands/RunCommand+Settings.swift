import Foundation
import Logging
import Reconciler

/// Every setting of `rolesync run`, resolved from flags, environment, file and defaults.
struct RunSettings {
    var repo: String
    var branch: String
    var path: String?
    var cacheDir: String?
    var decisionsBranch: String
    var interval: Duration
    var driftInterval: Duration
    var lockTimeout: Duration
    var listen: ListenAddress
    var maxChanges: Int?
    var aws: AWSOptions
    var logFormat: LogFormat
    var logLevel: Logger.Level
    /// The push webhook's secret: `ROLESYNC_WEBHOOK_SECRET`, else the contents of `webhookSecretFile`.
    var webhookSecret: String?
    var git: GitAccessOptions
    var trust: TrustOptions
    /// Several replicas: the DynamoDB lease table, the failover time and this replica's name.
    var leaseTable: String?
    var failover: Duration
    var replicaId: String
    /// Event-driven reconciling: the SQS queue of CloudTrail change events and its long-poll time.
    var eventsQueue: String?
    var eventsWait: Duration
}

extension RunCommand {
    /// Host name, process id and a random suffix: unique per process, so a restarted replica
    /// never mistakes its earlier life's leases for ones it is renewing.
    static var defaultReplicaId: String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6).lowercased())"
    }

    /// The flags given on the command line, as settings (unset flags are absent).
    var flagSettings: [RunSettingKey: RunSettingValue] {
        var flags: [RunSettingKey: RunSettingValue] = [:]
        let texts: [(RunSettingKey, String?)] = [
            (.repo, repo), (.branch, branch), (.path, path), (.cacheDir, cacheDir), (.decisionsBranch, decisionsBranch),
            (.interval, interval?.text), (.driftInterval, driftInterval?.text), (.lockTimeout, lockTimeout?.text),
            (.listen, listen?.address.description), (.profile, aws.profile), (.endpointUrl, aws.endpointUrl),
            (.logFormat, logFormat?.rawValue), (.logLevel, logLevel?.rawValue), (.webhookSecretFile, webhookSecretFile),
            (.sshKey, git.sshKey), (.sshKeyPassphraseFile, git.sshKeyPassphraseFile), (.sshKnownHosts, git.sshKnownHosts),
            (.gitTokenFile, git.gitTokenFile), (.gitUser, git.gitUser), (.allowedSigners, trust.allowedSigners),
            (.requireSignedCommits, trust.requireSignedCommits ? "true" : nil),
            (.leaseTable, leaseTable), (.failover, failover?.text), (.replicaId, replicaId),
            (.eventsQueue, eventsQueue), (.eventsWait, eventsWait?.text),
        ]
        for (key, value) in texts { if let value { flags[key] = .text(value) } }
        if let maxChanges { flags[.maxChanges] = .count(maxChanges) }
        if !aws.region.isEmpty { flags[.region] = .list(aws.region) }
        return flags
    }

    /// Flags > `ROLESYNC_*` environment > `--config` file > defaults.
    func resolved(_ context: CommandContext) throws -> RunSettings {
        let file = try config.map(RunConfigFile.load) ?? [:]
        let merged = try RunConfiguration(flags: flagSettings, environment: context.environment, file: file)
        func duration(_ key: RunSettingKey, _ fallback: Duration) -> Duration {
            merged.text(key).flatMap(IntervalText.parse) ?? fallback
        }
        var aws = AWSOptions()
        aws.region = merged.list(.region)
        aws.profile = merged.text(.profile)
        aws.endpointUrl = merged.text(.endpointUrl)
        var secret = context.environment["ROLESYNC_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        if secret == nil, let file = merged.text(.webhookSecretFile) {
            guard let contents = FileManager.default.contents(atPath: file), let text = String(data: contents, encoding: .utf8),
                  !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { throw RunConfigError(file: file, message: "the webhook secret file cannot be read or is empty") }
            secret = text
        }
        var git = GitAccessOptions()
        git.sshKey = merged.text(.sshKey)
        git.sshKeyPassphraseFile = merged.text(.sshKeyPassphraseFile)
        git.sshKnownHosts = merged.text(.sshKnownHosts)
        git.gitTokenFile = merged.text(.gitTokenFile)
        git.gitUser = merged.text(.gitUser)
        var trust = TrustOptions()
        trust.allowedSigners = merged.text(.allowedSigners)
        trust.requireSignedCommits = merged.text(.requireSignedCommits) == "true"
        return RunSettings(
            repo: merged.text(.repo, default: "."), branch: merged.text(.branch, default: "HEAD"), path: merged.text(.path),
            cacheDir: merged.text(.cacheDir), decisionsBranch: merged.text(.decisionsBranch, default: "rolesync/decisions"),
            interval: duration(.interval, .seconds(60)), driftInterval: duration(.driftInterval, .seconds(300)),
            lockTimeout: duration(.lockTimeout, .seconds(30)),
            listen: merged.text(.listen).flatMap(ListenAddress.init(parsing:)) ?? .default,
            maxChanges: merged.count(.maxChanges), aws: aws,
            logFormat: merged.text(.logFormat).flatMap(LogFormat.init(rawValue:)) ?? .text,
            logLevel: merged.text(.logLevel).flatMap(Logger.Level.init(rawValue:)) ?? .info,
            webhookSecret: secret, git: git, trust: trust,
            leaseTable: merged.text(.leaseTable), failover: duration(.failover, .seconds(30)),
            replicaId: merged.text(.replicaId) ?? Self.defaultReplicaId,
            eventsQueue: merged.text(.eventsQueue), eventsWait: try eventsWait(duration(.eventsWait, .seconds(20))))
    }

    /// SQS long-polls for 1 to 20 seconds.
    private func eventsWait(_ wait: Duration) throws -> Duration {
        guard wait >= .seconds(1), wait <= .seconds(20) else {
            throw RunConfigError(file: "", message: "--events-wait must be between 1s and 20s (SQS's long-poll limits), not \(IntervalText.format(wait))")
        }
        return wait
    }
}
