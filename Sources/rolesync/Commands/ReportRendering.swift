import ArgumentParser
import Foundation
import RoleSyncCore

/// Renders plans and drift reports in the formats the command line offers.
enum ReportRendering {
    /// A plan with a review (`plan --base`) leads with it: text and markdown show the review,
    /// JSON carries it as the `review` field; markdown stays under `commentLimit`. Throwing is
    /// kept for callers that predate JUnit plans.
    static func render(_ plan: Plan, as format: ReportFormat, commentLimit: Int = ReviewMarkdown.defaultLimit) throws -> String {
        switch format {
        case .text: ReviewText.render(plan, colour: Terminal.useColour)
        case .json: String(decoding: JSONReport.render(plan), as: UTF8.self)
        case .markdown: plan.review == nil ? MarkdownReport.render(plan) : ReviewMarkdown.render(plan, limit: commentLimit)
        case .sarif: String(decoding: SARIFReport.render(plan), as: UTF8.self)
        case .html: HTMLReport.render(plan)
        case .junit: JUnitReport.render(driftReport(of: plan))
        }
    }

    static func render(_ drift: DriftReport, as format: ReportFormat) -> String {
        switch format {
        case .text: TextReport.render(drift, colour: Terminal.useColour)
        case .json: String(decoding: JSONReport.render(drift), as: UTF8.self)
        case .markdown: MarkdownReport.render(drift)
        case .sarif: String(decoding: SARIFReport.render(drift), as: UTF8.self)
        case .junit: JUnitReport.render(drift)
        case .html: HTMLReport.render(drift)
        }
    }

    /// A saved plan's drift as a drift report, for the formats made for drift (JUnit).
    static func driftReport(of plan: Plan) -> DriftReport {
        DriftReport(
            desiredRevision: plan.desiredRevision,
            summary: DriftSummary(instances: plan.summary.instances, inSync: plan.summary.inSync, drifted: plan.summary.drifted),
            items: plan.drift, resolutions: [])
    }
}

/// `--comment-limit`: the most characters a markdown comment may have.
struct CommentLimitOption: ParsableArguments {
    @Option(name: .long, help: "Most characters of a markdown comment (GitHub 65000, GitLab 1000000, Bitbucket 32768).")
    var commentLimit: Int = ReviewMarkdown.defaultLimit

    func validate() throws {
        if commentLimit < 1_000 { throw ValidationError("--comment-limit must be at least 1000") }
    }
}
