import Testing
import RoleSyncCore

@Test func moduleLoads() {
    #expect(Bool(true))
}
