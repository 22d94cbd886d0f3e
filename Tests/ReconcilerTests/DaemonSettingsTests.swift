import Foundation
import Testing
import Reconciler

/// Command-line values of the daemon and its schedule: pure, tables of plain values.
@Suite struct DaemonSettingsTests {
    @Test(arguments: [
        ("30s", Duration.seconds(30)), ("1m", .seconds(60)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)), ("250ms", .milliseconds(250)), ("2m5s", .seconds(125)), (" 1s ", .seconds(1)),
    ])
    func intervalsParse(text: String, expected: Duration) {
        #expect(IntervalText.parse(text) == expected)
    }

    @Test(arguments: ["", "60", "0s", "1d", "m", "1.5m", "-1m", "1m 30s", "99999999999s"])
    func badIntervalsAreRefused(text: String) {
        #expect(IntervalText.parse(text) == nil)
    }

    @Test(arguments: [
        (Duration.seconds(30), "30s"), (.seconds(60), "1m"), (.seconds(5400), "1h30m"), (.milliseconds(1500), "1500ms"),
    ])
    func intervalsFormat(duration: Duration, text: String) {
        #expect(IntervalText.format(duration) == text)
    }

    @Test(arguments: [
        ("127.0.0.1:9464", ListenAddress(host: "127.0.0.1", port: 9464)),
        ("127.0.0.1:0", ListenAddress(host: "127.0.0.1", port: 0)),
        (":8080", ListenAddress(host: "0.0.0.0", port: 8080)),
        ("[::1]:9464", ListenAddress(host: "::1", port: 9464)),
        ("localhost:1", ListenAddress(host: "localhost", port: 1)),
    ])
    func listenAddressesParse(text: String, expected: ListenAddress) {
        #expect(ListenAddress(parsing: text) == expected)
    }

    @Test(arguments: ["9464", "host:", "host:port", "host:70000", "host:-1"])
    func badListenAddressesAreRefused(text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }

    @Test func ipv6AddressesPrintInBrackets() {
        #expect(ListenAddress(host: "::1", port: 9464).description == "[::1]:9464")
        #expect(ListenAddress.default.description == "127.0.0.1:9464")
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Converge every 10 minutes, drift checks every 3: converge at 0, checks at 3, 6 and 9,
    /// converge at 10 (which restarts the check period), checks at 13, 16, 19, converge at 20.
    @Test func driftChecksFillTheGapsBetweenConverges() {
        var schedule = CycleSchedule(interval: .seconds(600), driftInterval: .seconds(180), start: Self.start)
        var seen: [(CycleKind, TimeInterval)] = []
        for _ in 0..<9 {
            let (kind, due) = schedule.next
            seen.append((kind, due.timeIntervalSince(Self.start) / 60))
            schedule.started(kind, at: due)
        }
        #expect(seen.map(\.0) == [.converge, .driftCheck, .driftCheck, .driftCheck, .converge,
                                  .driftCheck, .driftCheck, .driftCheck, .converge])
        #expect(seen.map(\.1) == [0, 3, 6, 9, 10, 13, 16, 19, 20])
    }

    @Test func aDriftIntervalAboveTheIntervalAddsNoChecks() {
        var schedule = CycleSchedule(interval: .seconds(60), driftInterval: .seconds(300), start: Self.start)
        var kinds: [CycleKind] = []
        for _ in 0..<10 {
            let (kind, due) = schedule.next
            kinds.append(kind)
            schedule.started(kind, at: due)
        }
        #expect(kinds == Array(repeating: .converge, count: 10))
    }

    @Test func waitsCountFromTheCycleStartAndNeverGoNegative() {
        var schedule = CycleSchedule(interval: .seconds(60), driftInterval: .seconds(300), start: Self.start)
        #expect(schedule.wait(at: Self.start) == .zero)
        schedule.started(.converge, at: Self.start)
        #expect(schedule.wait(at: Self.start.addingTimeInterval(15)) == .seconds(45))
        #expect(schedule.wait(at: Self.start.addingTimeInterval(90)) == .zero)
    }
}
