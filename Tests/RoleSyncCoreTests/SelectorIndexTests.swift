import Testing
@testable import RoleSyncCore

private let fleet = InstanceIndex(instances: [
    Fixture.instance("i-0", tags: ["team": "payments", "env": "prod"]),
    Fixture.instance("i-1", tags: ["team": "payments", "env": "dev"]),
    Fixture.instance("i-2", tags: ["team": "search", "env": "prod"]),
    Fixture.instance("i-3", target: Fixture.eastB, tags: ["team": "payments", "env": "prod"]),
])

struct SelectorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var selector: InstanceSelector
    var expected: [String]
    var testDescription: String { name }
}

@Test(arguments: [
    SelectorCase(name: "one tag", selector: InstanceSelector(tags: ["team": "payments"]), expected: ["i-0 tags", "i-1 tags", "i-3 tags"]),
    SelectorCase(name: "all tags must match", selector: InstanceSelector(tags: ["team": "payments", "env": "prod"]),
                 expected: ["i-0 tags", "i-3 tags"]),
    SelectorCase(name: "a tag nobody has", selector: InstanceSelector(tags: ["team": "payments", "env": "qa"]), expected: []),
    SelectorCase(name: "ids", selector: InstanceSelector(instanceIds: ["i-2", "i-9"]), expected: ["i-2 id"]),
    SelectorCase(name: "id outranks tags on the same instance",
                 selector: InstanceSelector(instanceIds: ["i-1"], tags: ["env": "dev"]), expected: ["i-1 id"]),
    SelectorCase(name: "ids or tags", selector: InstanceSelector(instanceIds: ["i-2"], tags: ["env": "dev"]),
                 expected: ["i-1 tags", "i-2 id"]),
    SelectorCase(name: "empty selector matches nothing", selector: InstanceSelector(), expected: []),
])
func selectorMatching(_ row: SelectorCase) {
    let matches = fleet.matches(row.selector).map { "\(fleet.instances[$0.position].instanceId) \($0.rank == .id ? "id" : "tags")" }
    #expect(matches == row.expected)
    for match in fleet.matches(row.selector) {
        #expect(fleet.match(row.selector, at: match.position) == match.rank)
    }
}

@Test func scopeFollowsAssignmentThenPolicy() {
    let scope = AssignmentScope(policy: ReconcilePolicy(regions: ["us-east-1"], accounts: [AccountTarget(id: Fixture.accountA)]))
    let plain = Fixture.assignment("plain", ids: ["i-1"], profile: "web", line: 1)
    #expect(scope.reaches(Fixture.east, for: plain))
    #expect(!scope.reaches(Fixture.west, for: plain))
    #expect(!scope.reaches(Fixture.eastB, for: plain))
    let widened = Fixture.assignment("west", ids: ["i-1"], profile: "web", line: 1, regions: ["us-west-2"], accounts: [Fixture.accountB])
    #expect(!scope.reaches(Fixture.east, for: widened))
    #expect(scope.reaches(Target(account: Fixture.accountB, region: "us-west-2"), for: widened))
    let open = AssignmentScope(policy: ReconcilePolicy())
    #expect(open.reaches(Target(account: "999999999999", region: "eu-west-1"), for: plain))
}
