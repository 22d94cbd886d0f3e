import Foundation
import Testing
@testable import RoleSyncCore

/// The HTML report's structure, without a browser (the end-to-end tests open it in one).
@Suite struct HTMLReportTests {
    @Test func aDriftReportHasNoActionColumnsAndAPlanHasThem() {
        let drift = HTMLReport.render(ReportSample.drift)
        let plan = HTMLReport.render(ReportSample.plan)
        #expect(!drift.contains("data-column=\"6\">action</button>"))
        #expect(plan.contains("data-column=\"6\">action</button>") && plan.contains("data-column=\"7\">status</button>"))
        #expect(drift.contains("<figure id=\"by-kind\">") && drift.contains("<figure id=\"by-region\">"))
    }

    @Test func everyFindingIsOneRowWithItsKindAndEveryValueIsEscaped() {
        var drift = ReportSample.drift
        drift.items[0].reason = "a \"quoted\" <b>|</b> & 'single'"
        let html = HTMLReport.render(drift)
        #expect(html.components(separatedBy: "<tr data-kind=").count - 1 == drift.items.count)
        #expect(html.contains("a &quot;quoted&quot; &lt;b&gt;|&lt;/b&gt; &amp; &apos;single&apos;"))
        #expect(!html.contains("<b>"))
    }

    @Test func aReportWithoutFindingsSaysSoAndHasNoTable() {
        var drift = ReportSample.drift
        drift.items = []
        let html = HTMLReport.render(drift)
        #expect(html.contains("<p>No drift.</p>"))
        #expect(!html.contains("id=\"instances\""))
    }

    @Test func barsScaleToTheLargestAndNameTheirCount() {
        let chart = HTMLChart.bars(title: "t", id: "c", bars: [("a", 10), ("b", 5), ("c", 0)])
        #expect(chart.contains("width=\"\(HTMLChart.barWidth)\""))
        #expect(chart.contains("width=\"\(HTMLChart.barWidth / 2)\""))
        #expect(chart.contains("data-bar=\"c\">0</text>"))
    }
}
