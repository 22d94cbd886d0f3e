/// The pull-request comment of `plan --base`: a fixed first line a bot can find and update,
/// the counts, the risks, then details folded in `<details>` sections, kept under the forge's
/// comment limit. When details must be cut, the summary and risks stay whole and the comment
/// says how many rows were left out.
public enum ReviewMarkdown {
    /// The first line of every comment, so CI can find its earlier comment and replace it.
    public static let marker = "<!-- rolesync-plan -->"
    /// GitHub's limit is 65,536 characters; a little is kept back for the forge's own wrapping.
    public static let defaultLimit = 65_000

    public static func render(_ plan: Plan, limit: Int = defaultLimit) -> String {
        guard let review = plan.review else { return MarkdownReport.render(plan) }
        if review.isInvalid { return invalid(review, limit: limit) }
        let head = ([marker] + header(plan, review) + risks(review)).joined(separator: "\n\n")
        let sections = ReviewSections.sections(plan, review)
        return assemble(head: head, sections: sections, limit: limit)
    }

    static func header(_ plan: Plan, _ review: ChangeReview) -> [String] {
        let mergeBase = review.mergeBase.map { " (merge base \(short($0)))" } ?? ""
        let summary = plan.summary
        return [
            "### rolesync plan: what this pull request changes",
            "Base \(MarkdownText.escape(review.base))\(mergeBase) → head \(short(review.head)). "
                + "\(review.manifests.count) manifest(s) changed; counts cover the \(review.instances.count) instance(s) the change affects.",
            """
            | instances | in sync | drifted | actions | blocked | mutations / maxChanges |
            | ---: | ---: | ---: | ---: | ---: | ---: |
            | \(summary.instances) | \(summary.inSync) | \(summary.drifted) | \(summary.actions) | \(summary.blocked) | \(review.mutations) / \(review.maxChanges) |
            """,
        ]
    }

    static func risks(_ review: ChangeReview) -> [String] {
        guard !review.risks.isEmpty else { return ["#### Risks\n\nNone found."] }
        let lines = review.risks.map { risk in
            let at = risk.source.map { " (\(MarkdownText.escape($0.description)))" } ?? ""
            return "- ⚠️ **\(risk.kind)**: \(MarkdownText.escape(risk.message))\(at)"
        }
        return ["#### Risks (\(review.risks.count))\n\n" + lines.joined(separator: "\n")]
    }

    /// The head's validation errors and nothing else: no plan is made from invalid manifests.
    static func invalid(_ review: ChangeReview, limit: Int) -> String {
        let head = [
            marker, "### rolesync plan: the pull request's manifests are invalid",
            "\(review.problems.count) problem(s); nothing was planned. Fix them and push again.",
        ].joined(separator: "\n\n")
        let section = ReviewSection(
            title: "Problems (\(review.problems.count))", header: ["problem"], rows: review.problems.map { [MarkdownText.escape($0)] },
            open: true)
        return assemble(head: head, sections: [section], limit: limit)
    }

    /// Adds rows while they fit; the note about left-out rows goes right under the head.
    static func assemble(head: String, sections: [ReviewSection], limit: Int) -> String {
        // Room for the note and the joins, so adding it after the fact cannot break the limit.
        let reserve = 400
        var budget = limit - MarkdownText.size(head) - reserve
        var rendered: [String] = []
        var omitted = 0
        for section in sections {
            let opening = section.opening, closing = section.closing
            let frame = MarkdownText.size(opening) + MarkdownText.size(closing) + 2
            guard budget >= frame else {
                omitted += section.rows.count
                continue
            }
            budget -= frame
            var body = opening
            var kept = 0
            for row in section.rows {
                let line = "\n" + section.line(row)
                let size = MarkdownText.size(line)
                guard size <= budget else { break }
                body += line
                budget -= size
                kept += 1
            }
            omitted += section.rows.count - kept
            rendered.append(body + closing)
        }
        var parts = [head]
        if omitted > 0 {
            parts.append(
                "> **\(omitted) row(s) left out** to keep this comment under \(limit) characters. "
                    + "The full plan is in the JSON artifact (`rolesync plan --base … --format json`).")
        }
        var comment = (parts + rendered).joined(separator: "\n\n") + "\n"
        // Only a head that alone is over the limit (a tiny --comment-limit) gets here.
        if MarkdownText.size(comment) > limit { comment = String(decoding: Array(comment.utf8.prefix(max(0, limit - 4))), as: UTF8.self) }
        return comment
    }

    static func short(_ revision: String) -> String { MarkdownText.escape(String(revision.prefix(12))) }
}

/// One folded table of a comment.
struct ReviewSection {
    var title: String
    var header: [String]
    /// Cells already escaped.
    var rows: [[String]]
    var open = false

    var opening: String {
        "<details\(open ? " open" : "")><summary>\(title)</summary>\n\n"
            + "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in " --- |" }.joined()
    }

    var closing: String { "\n\n</details>" }

    func line(_ row: [String]) -> String { "| " + row.joined(separator: " | ") + " |" }
}
