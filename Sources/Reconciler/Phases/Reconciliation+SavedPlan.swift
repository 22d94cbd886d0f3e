import Foundation
import RoleSyncCore

/// A saved plan that no longer holds, with what changed in the desired state when that is why.
public struct SavedPlanRefusal: Error, Sendable, CustomStringConvertible {
    public var mismatch: SavedPlanCheck.Mismatch
    /// `payments.yaml:7 instanceProfile: payments-ec2 → search-ec2`, from the plan's revision to
    /// the current one; empty when that revision cannot be read here.
    public var changes: [String]
    /// Changes left out of `changes` to keep the message short.
    public var moreChanges: Int

    /// The longest list of changes a refusal prints.
    static let shownChanges = 20

    public var description: String {
        var lines = [mismatch.description]
        if case .desiredRevision = mismatch {
            lines += changes.map { "  \($0)" }
            if moreChanges > 0 { lines.append("  … and \(moreChanges) more change(s)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension Reconciliation {
    /// `apply --plan`: the saved plan, checked against (and bound to) what was just observed.
    /// When the desired state moved on, the refusal lists its changes since the plan's revision
    /// (the reviewed head for a `plan --base` plan), as far as that revision can still be read.
    public func bind(_ saved: Plan, to observed: Observation) async throws -> Plan {
        do {
            return try SavedPlanCheck.verify(saved, against: observed.plan)
        } catch let mismatch {
            guard case .desiredRevision(let revision, _) = mismatch,
                let planned = try? await ports.desiredState.desiredState(at: revision)
            else { throw SavedPlanRefusal(mismatch: mismatch, changes: [], moreChanges: 0) }
            let lines = DesiredChange.changes(from: planned, to: observed.desired).flatMap(Self.describe)
            throw SavedPlanRefusal(
                mismatch: mismatch, changes: Array(lines.prefix(SavedPlanRefusal.shownChanges)),
                moreChanges: max(0, lines.count - SavedPlanRefusal.shownChanges))
        }
    }

    /// One line per changed field, or one for a manifest added or removed.
    static func describe(_ change: ManifestChange) -> [String] {
        let place = change.source?.description ?? change.key
        switch change.change {
        case .added: return ["\(place) \(change.key) added"]
        case .removed: return ["\(change.key) removed"]
        case .changed:
            return change.fields.map { field in
                "\(field.source?.description ?? place) \(change.key) \(field.field): \(field.from ?? "unset") → \(field.to ?? "unset")"
            }
        }
    }
}
