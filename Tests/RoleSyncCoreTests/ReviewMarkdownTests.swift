import Foundation
import Testing
@testable import RoleSyncCore

/// The pull-request comment: nothing from the repository or AWS can change its structure, and
/// it stays under the forge's limit with the summary and risks whole.
struct ReviewMarkdownTests {
    static let hostile = "<img src=x onerror=alert(1)> | cell\n# heading `code` [link](x) *bold*"

    @Test func repositoryAndAWSTextCannotChangeTheCommentsStructure() throws {
        let base = ["policy.yaml": ReviewFixture.policy(), "web.yaml": ReviewFixture.assignment("web", selector: "{tags: {team: web}}", profile: "web")]
        let head = base.merging(["ex.yaml": ReviewFixture.exemption(
            "vendor", ids: ["i-00000001"], expires: "2099-12-31", reason: "<img src=x onerror=alert(1)> | cell")]) { $1 }
        var plan = try ReviewFixture.review(base: base, head: head, instances: ReviewFixture.web(1))
        plan.review?.risks.append(RiskFinding(kind: "policy-changed", message: Self.hostile))
        plan.drift = plan.drift.map { var item = $0; item.reason = Self.hostile; return item }

        let comment = ReviewMarkdown.render(plan)

        #expect(comment.hasPrefix(ReviewMarkdown.marker + "\n"))
        #expect(!comment.contains("<img"))
        #expect(comment.contains("&lt;img src=x onerror=alert(1)&gt; &#124; cell"))
        #expect(!comment.contains("\n# heading"))
        #expect(!comment.contains("`code`") && !comment.contains("[link]"))
        let tags = comment.components(separatedBy: "<").dropFirst().map { String($0.prefix { $0 != ">" }) }
        #expect(Set(tags).isSubset(of: ["!-- rolesync-plan --", "details open", "details", "/details", "summary", "/summary"]), "\(Set(tags))")
        for line in comment.split(separator: "\n") where line.hasPrefix("| ") {
            // Every row of a table has as many cells as its header: no `|` leaked into a cell.
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).count
            #expect([8, 9, 10].contains(cells), "\(line)")
        }
    }

    @Test(arguments: [65_000, 32_768, 1_000_000])
    func aTwentyThousandActionPlanStaysUnderTheLimitWithSummaryAndRisksWhole(limit: Int) throws {
        let plan = Self.hugePlan(actions: 20_000)
        let comment = ReviewMarkdown.render(plan, limit: limit)

        #expect(MarkdownText.size(comment) <= limit)
        #expect(comment.hasPrefix(ReviewMarkdown.marker))
        let review = try #require(plan.review)
        let head = ([ReviewMarkdown.marker] + ReviewMarkdown.header(plan, review) + ReviewMarkdown.risks(review))
            .joined(separator: "\n\n")
        #expect(comment.hasPrefix(head), "summary and risks stay whole")
        let sections = ReviewSections.sections(plan, review)
        let total = sections.map(\.rows.count).reduce(0, +)
        // Table lines less the summary table's three and each shown section's header and rule.
        let shownSections = comment.components(separatedBy: "<summary>").count - 1
        let shown = comment.split(separator: "\n").filter { $0.hasPrefix("| ") }.count - 3 - 2 * shownSections
        #expect(comment.contains("**\(total - shown) row(s) left out**"), "\(total) rows, \(shown) shown")
        #expect(comment.contains("full plan is in the JSON artifact"))
        #expect(comment.components(separatedBy: "<details").count == comment.components(separatedBy: "</details>").count)
    }

    @Test func aSmallPlanIsNotCut() throws {
        let comment = ReviewMarkdown.render(Self.hugePlan(actions: 3))
        #expect(!comment.contains("left out"))
        #expect(comment.contains("i-00000002"))
    }

    @Test func anInvalidHeadShowsOnlyItsErrors() {
        let plan = ChangeReviewer.invalid(
            problems: ["web.yaml:7:3: error: unknown field <b>"], baseRef: "main", head: "HEAD")
        let comment = ReviewMarkdown.render(plan)
        #expect(comment.hasPrefix(ReviewMarkdown.marker))
        #expect(comment.contains("web.yaml:7:3: error: unknown field &lt;b&gt;"))
        #expect(!comment.contains("Risks") && !comment.contains("Actions"))
    }

    /// A review whose change moves `actions` instances, each with an action and a drift item.
    static func hugePlan(actions count: Int) -> Plan {
        let ids = (0..<count).map { String(format: "i-%08d", $0) }
        let source = SourceLocation(file: "web.yaml", line: 7, column: 3)
        let impacts = ids.map {
            InstanceImpact(instanceId: $0, account: Fixture.accountA, region: "us-east-1", from: "unmanaged", to: "web",
                           toSource: source, causes: ["InstanceRoleAssignment/web"])
        }
        let actions = ids.map {
            PlannedAction(type: .associate, instanceId: $0, account: Fixture.accountA, region: "us-east-1",
                          profile: Fixture.profileArn("web"), status: .blocked, reason: "over-max-changes")
        }
        let drift = ids.map {
            DriftItem(instanceId: $0, account: Fixture.accountA, region: "us-east-1", kind: .missing,
                      desired: Fixture.profileArn("web"), source: source)
        }
        let change = ManifestChange(
            kind: "InstanceRoleAssignment", name: "web", change: .added, source: SourceLocation(file: "web.yaml", line: 1),
            fields: [FieldChange(field: "instanceProfile", from: nil, to: "web", source: source)])
        let review = ChangeReview(
            base: "main", mergeBase: "0123456789abcdef", head: "fedcba9876543210", manifests: [change], instances: impacts,
            risks: [RiskFinding(kind: "over-max-changes", message: "the change makes \(count) mutations, over maxChanges 50")],
            mutations: count, maxChanges: 50)
        return Plan(
            desiredRevision: "fedcba9876543210", planHash: "sha256:0",
            summary: PlanSummary(instances: count, inSync: 0, drifted: count, actions: 0, blocked: count),
            drift: drift, actions: actions, review: review)
    }
}
