import ArgumentParser
import Foundation
import RoleSyncCore

/// Renders plans and drift reports in the formats the command line offers.
enum ReportRendering {
    static func render(_ plan: Plan, as format: ReportFormat) throws -> String {
        switch format {
        case .text: TextReport.render(plan, colour: Terminal.useColour)
        case .json: String(decoding: JSONReport.render(plan), as: UTF8.self)
        case .markdown: MarkdownReport.render(plan)
        case .sarif: String(decoding: SARIFReport.render(plan), as: UTF8.self)
        case .html: HTMLReport.render(plan)
        case .junit: throw ValidationError("--format junit is for `rolesync drift`")
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
}
