/// The review part of `plan --base` for terminals and CI logs, printed above the usual plan:
/// risks first, then each changed manifest field by field with the instances it moves.
public enum ReviewText {
    public static func render(_ plan: Plan, colour: Bool = false) -> String {
        guard let review = plan.review else { return TextReport.render(plan, colour: colour) }
        if review.isInvalid {
            return (review.problems + ["the pull request's manifests are invalid: \(review.problems.count) problem(s); nothing was planned"])
                .joined(separator: "\n") + "\n"
        }
        let mergeBase = review.mergeBase.map { " (merge base \($0.prefix(12)))" } ?? ""
        var lines = ["rolesync review: \(review.base)\(mergeBase) → \(review.head.prefix(12))"]
        lines.append("risks (\(review.risks.count))" + (review.risks.isEmpty ? ": none" : ""))
        for risk in review.risks {
            lines.append("  ! \(risk.kind): \(risk.message)" + (risk.source.map { " (\($0))" } ?? ""))
        }
        lines.append("mutations: \(review.mutations) of maxChanges \(review.maxChanges)")
        lines.append("manifest changes (\(review.manifests.count))")
        for change in review.manifests {
            lines.append("  \(symbol(change.change)) \(change.key) (\(change.source?.description ?? "default"))")
            for field in change.fields {
                lines.append("      \(field.source?.description ?? "-") \(field.field): \(field.from ?? "unset") → \(field.to ?? "unset")")
            }
            for impact in review.instances(causedBy: change.key) {
                lines.append("      \(impact.instanceId) (\(impact.account)/\(impact.region)): \(impact.from) → \(impact.to)")
            }
        }
        let unattributed = review.instances.filter(\.causes.isEmpty)
        for impact in unattributed {
            lines.append("  \(impact.instanceId) (\(impact.account)/\(impact.region)): \(impact.from) → \(impact.to)")
        }
        return lines.joined(separator: "\n") + "\n\n" + TextReport.render(plan, colour: colour)
    }

    private static func symbol(_ change: ManifestChange.Change) -> String {
        switch change {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        }
    }
}
