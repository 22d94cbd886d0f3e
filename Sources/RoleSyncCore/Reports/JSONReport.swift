import Foundation

/// The machine-readable forms: plans as `Plan.encodeJSON()`, drift reports in the same shape
/// without actions (`schemaVersion`, `desiredRevision`, `summary`, `drift`).
public enum JSONReport {
    public static func render(_ plan: Plan) -> Data {
        plan.encodeJSON()
    }

    public static func render(_ drift: DriftReport) -> Data {
        let document = DriftDocument(
            schemaVersion: Plan.currentSchemaVersion, desiredRevision: drift.desiredRevision,
            summary: drift.summary, drift: drift.items,
            failedTargets: drift.failedTargets.isEmpty ? nil : drift.failedTargets)
        // Strings and ints only: encoding cannot fail.
        return try! RoleSyncJSON.encoder().encode(document)
    }

    /// The JSON shape of `rolesync drift --format json`.
    public struct DriftDocument: Sendable, Hashable, Codable {
        public var schemaVersion: Int
        public var desiredRevision: String
        public var summary: DriftSummary
        public var drift: [DriftItem]
        /// Targets not read, as in plans; absent when every target was read.
        public var failedTargets: [FailedTarget]?

        public init(
            schemaVersion: Int, desiredRevision: String, summary: DriftSummary, drift: [DriftItem],
            failedTargets: [FailedTarget]? = nil
        ) {
            self.schemaVersion = schemaVersion
            self.desiredRevision = desiredRevision
            self.summary = summary
            self.drift = drift
            self.failedTargets = failedTargets
        }
    }
}
