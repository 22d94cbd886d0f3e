/// The detail tables of a review comment, every cell escaped.
enum ReviewSections {
    static func sections(_ plan: Plan, _ review: ChangeReview) -> [ReviewSection] {
        let escape = MarkdownText.cell
        let manifestRows = review.manifests.flatMap { change in
            let moved = review.instances(causedBy: change.key).count
            let fields: [FieldChange?] = change.fields.isEmpty ? [nil] : change.fields
            return fields.map { field -> [String] in
                [escape(change.kind), escape(change.name), change.change.rawValue, escape(field?.field),
                 escape(field?.from), escape(field?.to), escape((field?.source ?? change.source)?.description), String(moved)]
            }
        }
        let instanceRows = review.instances.map { impact in
            [escape(impact.instanceId), escape(impact.account), escape(impact.region), escape(impact.from), escape(impact.to),
             escape(cause(of: impact, in: review))]
        }
        let actionRows = plan.actions.map { action in
            let row = ReportContent.row(action)
            return [escape(row[0]), "**\(row[1])**", escape(row[2]), escape(row[3]), escape(row[4]), escape(action.profile),
                    escape(row[6] == "-" ? nil : row[6])]
        }
        let driftRows = plan.drift.map { item in
            [escape(item.instanceId), item.kind.rawValue, escape(item.account), escape(item.region), escape(item.desired),
             escape(item.actual), escape(item.source?.description), escape(item.reason)]
        }
        return [
            ReviewSection(
                title: "Manifest changes (\(review.manifests.count))",
                header: ["kind", "name", "change", "field", "from", "to", "line", "instances"], rows: manifestRows, open: true),
            ReviewSection(
                title: "Instances whose desired profile changes (\(review.instances.count))",
                header: ["instance", "account", "region", "from", "to", "caused by"], rows: instanceRows, open: true),
            ReviewSection(
                title: "Actions (\(plan.actions.count))",
                header: ["type", "status", "instance", "account", "region", "profile", "reason"], rows: actionRows),
            ReviewSection(
                title: "Drift of these instances (\(plan.drift.count))",
                header: ["instance", "kind", "account", "region", "desired", "actual", "source", "reason"], rows: driftRows),
        ]
    }

    /// `payments.yaml:7 instanceProfile` for each changed manifest behind the impact: the line
    /// of the first field that changed, the document for an added or removed manifest.
    static func cause(of impact: InstanceImpact, in review: ChangeReview) -> String {
        impact.causes.compactMap { key in
            guard let change = review.manifests.first(where: { $0.key == key }) else { return nil }
            let decisive = change.fields.first { $0.field == "instanceProfile" } ?? change.fields.first
            if change.change == .changed, let decisive {
                return "\((decisive.source ?? change.source)?.description ?? "?") \(decisive.field) (\(change.name))"
            }
            return "\(change.source?.description ?? "?") \(change.name) \(change.change.rawValue)"
        }.joined(separator: "; ")
    }
}
