import Foundation
import Testing
@testable import RoleSyncCore

/// A launch template fix is counted in the decision's first line, and records without one
/// keep their shape.
@Suite("Decision counts of launch template fixes")
struct DecisionCountsTemplateTests {
    @Test("a succeeded fix is counted as a template updated")
    func counted() throws {
        var action = PlannedAction(type: .updateLaunchTemplate, instanceId: "launch-template lt-0a version 1", account: "1", region: "r")
        action.status = .succeeded
        let counts = DecisionCounts(actions: [action], drift: [])
        #expect(counts.templatesUpdated == 1)
        #expect(counts.phrases == ["1 templates updated"])
        #expect(try RoleSyncJSON.decoder().decode(DecisionCounts.self, from: RoleSyncJSON.encoder().encode(counts)) == counts)
    }

    @Test("records without template fixes have no templatesUpdated key, and old ones decode")
    func oldShape() throws {
        let counts = DecisionCounts(associated: 2)
        let json = String(decoding: try RoleSyncJSON.encoder().encode(counts), as: UTF8.self)
        #expect(!json.contains("templatesUpdated"))
        #expect(try RoleSyncJSON.decoder().decode(DecisionCounts.self, from: Data(json.utf8)) == counts)
    }
}
