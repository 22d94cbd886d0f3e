import Testing
@testable import RoleSyncCore

@Test func sourceLocationPrintsFileAndLine() {
    let location = SourceLocation(file: "teams/payments.yaml", line: 12, column: 3)
    #expect(location.description == "teams/payments.yaml:12")
    #expect(location.fullDescription == "teams/payments.yaml:12:3")
}
