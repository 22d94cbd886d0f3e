import ArgumentParser
import Foundation
import RoleSyncCore

/// `rolesync show PLAN.json`: renders a plan saved with `plan --format json --out`, so CI can
/// make the comment, SARIF and HTML from one artifact without reaching AWS or Git again.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Render a saved plan (plan --format json --out FILE). Reads nothing else.")

    @Argument(help: "A plan saved with `rolesync plan --format json --out FILE`.")
    var planFile: String

    @Option(name: .long, help: "Output format: text, json, markdown, sarif, junit or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var out: String?

    @OptionGroup var comment: CommentLimitOption

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: planFile))
        } catch {
            throw ValidationError("cannot read \(planFile): \(error.localizedDescription)")
        }
        let plan: Plan
        do {
            plan = try Plan.decode(from: data)
        } catch {
            throw ValidationError("\(planFile) is not a rolesync plan: \(error)")
        }
        try emit(try ReportRendering.render(plan, as: format, commentLimit: comment.commentLimit), to: out)
    }
}
