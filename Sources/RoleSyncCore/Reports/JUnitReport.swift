/// Drift as JUnit XML, for CI systems that chart test results: one test case per instance, a
/// failure per drift item, and exempt, pending and unmanaged instances as skipped.
public enum JUnitReport {
    public static func render(_ drift: DriftReport) -> String {
        let itemsByInstance = Dictionary(grouping: drift.items) { Differ.instanceKey($0.instanceId, $0.target) }
        var cases: [(key: String, classname: String, name: String)] = drift.resolutions.map {
            (Differ.instanceKey($0.instanceId, $0.target), "\($0.target.account).\($0.target.region)", $0.instanceId)
        }
        let known = Set(cases.map(\.key))
        // Findings for instances outside the resolutions still deserve a case.
        for item in drift.items where !known.contains(Differ.instanceKey(item.instanceId, item.target)) {
            let key = Differ.instanceKey(item.instanceId, item.target)
            if !cases.contains(where: { $0.key == key }) { cases.append((key, "\(item.account).\(item.region)", item.instanceId)) }
        }
        var failures = 0
        var skipped = 0
        let body = cases.map { testCase -> String in
            let items = itemsByInstance[testCase.key] ?? []
            var lines = ["    <testcase classname=\"\(xml(testCase.classname))\" name=\"\(xml(testCase.name))\">"]
            let failing = items.filter(\.kind.isDrift)
            if !failing.isEmpty {
                failures += 1
                for item in failing {
                    lines.append("      <failure type=\"\(item.kind.rawValue)\" message=\"\(xml(SARIFReport.message(item)))\"/>")
                }
            } else if let notice = items.first(where: { [.exempt, .pending, .unmanaged].contains($0.kind) }) {
                skipped += 1
                lines.append("      <skipped message=\"\(xml(SARIFReport.message(notice)))\"/>")
            }
            lines.append("    </testcase>")
            return lines.joined(separator: "\n")
        }
        let suite = "  <testsuite name=\"rolesync drift\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "skipped=\"\(skipped)\" errors=\"0\">"
        return (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites>", suite] + body
                + ["  </testsuite>", "</testsuites>"]).joined(separator: "\n") + "\n"
    }

    /// Escapes text for XML attribute values and content.
    static func xml(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n": escaped += "&#10;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
