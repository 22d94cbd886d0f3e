import Testing
import GitStore

@Test func moduleLoads() {
    #expect(Bool(true))
}
