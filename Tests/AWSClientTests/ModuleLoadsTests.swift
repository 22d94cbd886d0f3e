import Testing
import AWSClient

@Test func moduleLoads() {
    #expect(Bool(true))
}
