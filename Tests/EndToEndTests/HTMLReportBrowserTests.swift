import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// The HTML report as people see it: rendered by `rolesync show`, opened in a real headless
/// Chromium that runs its script, and read back from the DOM the browser built.
@Suite(.serialized) struct HTMLReportBrowserTests {
    /// Twelve findings over two regions and three kinds; the first carries hostile text.
    static func plan() -> Plan {
        let hostile = "<img src=x onerror=\"document.title='pwned'\">|x"
        var drift: [DriftItem] = []
        var actions: [PlannedAction] = []
        for index in 0..<12 {
            let id = String(format: "i-%017x", index)
            let region = index % 3 == 0 ? "eu-west-1" : "us-east-1"
            let kind: DriftKind = index % 3 == 0 ? .wrong : index % 2 == 0 ? .missing : .unmanaged
            drift.append(DriftItem(
                instanceId: id, account: "123456789012", region: region, kind: kind, desired: "web-ec2",
                actual: kind == .wrong ? "db-ec2" : nil, source: SourceLocation(file: index == 0 ? "\(hostile).yaml" : "web.yaml", line: 7),
                reason: index == 0 ? hostile : nil))
            if kind != .unmanaged {
                actions.append(PlannedAction(
                    type: kind == .missing ? .associate : .replace, instanceId: id, account: "123456789012", region: region,
                    profile: "web-ec2", status: .planned))
            }
        }
        return Plan(
            desiredRevision: "4f2a9c1d00000000000000000000000000000000", planHash: "sha256:00",
            summary: PlanSummary(instances: 20, inSync: 8, drifted: 8, actions: actions.count, blocked: 0),
            drift: drift, actions: actions)
    }

    struct Page {
        var world: World
        var browser: HeadlessBrowser
        var file: URL

        static func render(_ plan: Plan) async throws -> Page {
            let world = try await World.offline()
            let saved = world.directory.url.appendingPathComponent("plan.json")
            try plan.encodeJSON().write(to: saved)
            let file = world.directory.url.appendingPathComponent("report.html")
            let shown = try await RoleSyncBinary.run(
                ["show", saved.path, "--format", "html", "--out", file.path], environment: ["HOME": world.directory.path])
            guard shown.exitCode == 0 else { throw CommandFailed(result: shown) }
            return Page(world: world, browser: try await HeadlessBrowser.find(), file: file)
        }

        func dom(_ fragment: String = "") async throws -> String {
            try await browser.renderedDOM(of: URL(string: file.absoluteString + fragment)!)
        }

        func remove() {
            browser.remove()
            world.remove()
        }
    }

    @Test func theBrowserShowsTheCountsAndRunsTheFilterFromTheAddress() async throws {
        let plan = Self.plan()
        let page = try await Page.render(plan)
        defer { page.remove() }

        let all = try await page.dom()
        let filtered = try await page.dom("#kind=wrong&q=eu-west-1")

        #expect(all.contains("data-ready="), "the page's script ran to its end")
        #expect(Self.output(in: all) == "12 of 12")
        for (label, value) in [("instances", 20), ("in sync", 8), ("drifted", 8), ("actions", 8), ("blocked", 0)] {
            #expect(all.contains("data-count=\"\(label)\">\(value)</dd>"), "summary \(label)")
        }
        #expect(all.contains("data-bar=\"wrong\">4</text>") && all.contains("data-bar=\"missing\">4</text>"))
        // Unmanaged instances are findings, not drift: only eu-west-1's wrong and us-east-1's missing count.
        #expect(all.contains("data-bar=\"us-east-1\">4</text>") && all.contains("data-bar=\"eu-west-1\">4</text>"))
        #expect(Self.output(in: filtered) == "4 of 12", "eu-west-1 holds the four wrong-profile findings")
        #expect(Self.visibleRows(in: filtered) == 4)
    }

    @Test func hostileValuesStayTextAndSortingFollowsTheAddress() async throws {
        let page = try await Page.render(Self.plan())
        defer { page.remove() }

        let sorted = try await page.dom("#sort=0&desc=1")

        #expect(sorted.contains("<title>rolesync plan at 4f2a9c1</title>"), "no value ran as script")
        #expect(!sorted.contains("<img"), "no value became an element")
        #expect(sorted.contains("&lt;img src=x onerror="))
        let firstRow = try #require(sorted.range(of: "<tbody>").map { sorted[$0.upperBound...] })
        #expect(firstRow.drop { $0 != "<" }.hasPrefix("<tr data-kind=\"unmanaged\"><td>i-0000000000000000b</td>"), "\(firstRow.prefix(200))")
        #expect(sorted.contains("aria-sort=\"descending\""))
    }

    @Test func thePageIsReadableOnAPhoneScreen() async throws {
        let page = try await Page.render(Self.plan())
        defer { page.remove() }
        let artifacts = RoleSyncBinary.packageRoot().appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("html-report-phone.png")
        try? FileManager.default.removeItem(at: screenshot)

        try await page.browser.screenshot(of: page.file, width: 390, height: 1400, to: screenshot)

        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG was written to \(screenshot.path)")
        #expect(png.count > 10_000, "the screenshot shows a rendered page, not a blank one")
        let html = try String(contentsOf: page.file, encoding: .utf8)
        #expect(html.contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\""))
        #expect(!html.contains("http://") && !html.contains("https://"), "one file: no external asset")
    }

    static func output(in dom: String) -> String? {
        guard let start = dom.range(of: "<output id=\"shown\" data-total=\"12\">"),
              let end = dom[start.upperBound...].range(of: "</output>") else { return nil }
        return String(dom[start.upperBound..<end.lowerBound])
    }

    static func visibleRows(in dom: String) -> Int {
        dom.components(separatedBy: "<tr data-kind=").count - 1 - (dom.components(separatedBy: "hidden=\"\"").count - 1)
    }
}
