import Foundation

/// Counts a reviewer reads first.
public struct PlanSummary: Sendable, Hashable, Codable {
    /// Running and stopped instances.
    public var instances: Int
    public var inSync: Int
    public var drifted: Int
    /// Actions with status `planned` (mutations and manual runbooks).
    public var actions: Int
    /// Actions with status `blocked`.
    public var blocked: Int

    public init(instances: Int, inSync: Int, drifted: Int, actions: Int, blocked: Int) {
        self.instances = instances
        self.inSync = inSync
        self.drifted = drifted
        self.actions = actions
        self.blocked = blocked
    }
}

/// What rolesync would do, made from one desired revision and one live snapshot.
///
/// Deterministic: the same inputs give the same bytes from `encodeJSON()`; `planHash` lets
/// `apply --plan FILE` check that the live state has not moved since.
public struct Plan: Sendable, Hashable, Codable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var desiredRevision: String
    /// The `ManifestDigest` of the desired state planned for; absent in older plan files.
    public var desiredDigest: String?
    /// `sha256:<hex>` over the desired state and the live facts the plan depends on (`PlanHash`).
    public var planHash: String
    public var summary: PlanSummary
    public var drift: [DriftItem]
    public var actions: [PlannedAction]
    /// Targets whose inventory could not be read, so nothing was planned for them; absent when
    /// every target was read (older plan files have no such key).
    public var failedTargets: [FailedTarget]?
    /// Set by `plan --base`: what the pull request changes and its risks. Absent otherwise.
    public var review: ChangeReview?

    public init(
        schemaVersion: Int = Plan.currentSchemaVersion, desiredRevision: String, planHash: String,
        summary: PlanSummary, drift: [DriftItem], actions: [PlannedAction], failedTargets: [FailedTarget] = [],
        review: ChangeReview? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.desiredRevision = desiredRevision
        self.planHash = planHash
        self.summary = summary
        self.drift = drift
        self.actions = actions
        self.failedTargets = failedTargets.isEmpty ? nil : failedTargets
        self.review = review
    }

    /// Whether some target could not be read: the plan covers only part of the fleet.
    public var isPartial: Bool { !(failedTargets ?? []).isEmpty }

    /// Actions the executor would carry out (planned mutations).
    public var mutations: [PlannedAction] {
        actions.filter { $0.status == .planned && $0.type.isMutation }
    }

    /// Pretty, key-sorted JSON: the stable form of a plan file.
    public func encodeJSON() -> Data {
        // Encoding plain structs of strings and ints cannot fail.
        try! RoleSyncJSON.encoder().encode(self)
    }

    public static func decode(from data: Data) throws -> Plan {
        try RoleSyncJSON.decoder().decode(Plan.self, from: data)
    }
}

/// Options that override the policy for one planning run.
public struct PlanOptions: Sendable, Hashable, Codable {
    /// `--max-changes`: replaces the policy's `maxChanges` when set.
    public var maxChanges: Int?

    public init(maxChanges: Int? = nil) {
        self.maxChanges = maxChanges
    }
}

/// The one JSON configuration rolesync writes and reads: sorted keys, ISO 8601 dates, slashes
/// left alone (ARNs stay readable), pretty-printed. Fixed so equal values give equal bytes.
public enum RoleSyncJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
