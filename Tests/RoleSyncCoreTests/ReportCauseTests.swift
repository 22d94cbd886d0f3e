import Foundation
import Testing
@testable import RoleSyncCore

/// Every report format says who caused a drift item when a change event explains it, "cause
/// unknown" for drift found with no event, and nothing for items that are not drift; the decision
/// commit's message names the caused items too.
@Suite struct ReportCauseTests {
    static let sso = ChangePrincipal(
        kind: .sso, arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PlatformAdmin_0123/bob@example.com",
        sessionName: "bob@example.com", role: "AWSReservedSSO_PlatformAdmin_0123", permissionSet: "PlatformAdmin")
    static let event = ChangeEvent(
        eventName: "DisassociateIamInstanceProfile", eventTime: "2026-12-01T10:15:01Z", account: Fixture.east.account,
        region: Fixture.east.region, principal: sso, sourceIPAddress: "198.51.100.23", userAgent: "aws-cli/2.22.0 | x",
        instanceIds: ["i-0a1"])
    static let brief = "DisassociateIamInstanceProfile by bob@example.com (SSO, permission set PlatformAdmin) at 2026-12-01T10:15:01Z from 198.51.100.23"

    static var plan: Plan { ReportSample.plan.attributing([event]) }

    @Test func textNamesThePrincipalAndSaysUnknownForTheRest() {
        let text = TextReport.render(Self.plan)
        let rows = text.split(separator: "\n")
        #expect(rows.contains { $0.contains("i-0a1") && $0.hasSuffix(Self.brief) })
        #expect(rows.contains { $0.contains("i-0b2") && $0.contains("teams/db.yaml:12") && $0.hasSuffix("cause unknown") })
        #expect(!text.contains("aws-cli"), "the terminal table leaves the user agent out")
    }

    @Test func markdownAndHTMLCarryTheWholeSummaryEscaped() {
        let markdown = MarkdownReport.render(Self.plan)
        #expect(markdown.contains(Self.brief + #" (aws-cli/2.22.0 \| x) |"#), "the pipe in the user agent is escaped")
        #expect(markdown.contains("| cause unknown |"))
        let html = HTMLReport.render(Self.plan)
        #expect(html.contains("<th>cause</th>") || html.contains(">cause<"))
        #expect(html.contains(Self.brief))
        #expect(html.contains(">cause unknown<"))
    }

    @Test func sarifMessagesSayTheCauseOrThatItIsUnknown() throws {
        let log = try #require(try JSONSerialization.jsonObject(with: SARIFReport.render(Self.plan)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let messages = results.compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        #expect(messages.contains { $0.hasPrefix("i-0a1") && $0.hasSuffix("Caused by \(Self.brief) (aws-cli/2.22.0 | x).") })
        #expect(messages.contains { $0.hasPrefix("i-0b2") && $0.hasSuffix("Cause unknown.") })
    }

    @Test func itemsThatAreNotDriftHaveNoCause() {
        let exempt = DriftItem(instanceId: "i-0e5", target: Fixture.east, kind: .exempt, reason: "ticket OPS-1")
        #expect(ReportContent.cause(exempt) == "-")
        #expect(SARIFReport.causeNote(exempt) == "")
    }

    @Test func theCommitMessageNamesEachCausedItemAndBoundsTheList() throws {
        let record = DecisionRecord(
            runId: "2026-12-01T10:15:03Z-7k2q", plan: Self.plan, outcomes: Self.plan.actions, targets: [Fixture.east],
            startedAt: Fixture.now, finishedAt: Fixture.now)
        let message = record.commitMessage()
        #expect(message.contains("i-0a1 missing: \(Self.brief) (aws-cli/2.22.0 | x)\n"))
        #expect(!message.contains("i-0b2 wrong:"), "an item with no event is not listed")

        var many = Self.plan
        many.drift = (0..<25).map { index in
            var item = DriftItem(instanceId: "i-0\(index)", target: Fixture.east, kind: .missing)
            item.cause = Self.event
            return item
        }
        let bounded = DecisionRecord(
            runId: "r", plan: many, outcomes: [], targets: [Fixture.east], startedAt: Fixture.now, finishedAt: Fixture.now)
            .commitMessage()
        #expect(bounded.components(separatedBy: "DisassociateIamInstanceProfile by").count - 1 == DecisionRecord.causeLinesShown)
        #expect(bounded.contains("and 5 more changes named by events (see the record)"))
    }
}
