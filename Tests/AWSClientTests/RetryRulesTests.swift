import AWSClient
import Foundation
import Testing

@Suite("Retry rules (pure decisions)")
struct RetryRulesTests {
    let rules = RetryRules()
    let start = ManualTime.start

    @Test("full-jitter backoff doubles up to the 20 s cap", arguments: [
        (1, 1.0, 1.0), (2, 1.0, 2.0), (3, 1.0, 4.0), (4, 1.0, 8.0), (5, 1.0, 16.0), (6, 1.0, 20.0), (9, 1.0, 20.0),
        (1, 0.5, 0.5), (3, 0.25, 1.0), (7, 0.5, 10.0), (4, 0.0, 0.0),
    ])
    func backoff(retry: Int, random: Double, expectedSeconds: Double) {
        #expect(rules.backoff(retry: retry, cap: .seconds(20), random: random) == .seconds(expectedSeconds))
    }

    @Test("throttled and transient failures retry until maxAttempts failures")
    func attemptLimit() {
        var history = AttemptHistory(firstAttemptAt: start)
        var decisions: [RetryDecision] = []
        for _ in 1...3 {
            history.recordFailure(.throttling)
            decisions.append(rules.decision(
                after: .throttling, isTimeoutOrConnection: false, history: history, now: start, random: 1,
                quotaAvailable: 500))
        }
        #expect(decisions == [
            .retry(after: .seconds(1), quotaCost: 5), .retry(after: .seconds(2), quotaCost: 5),
            .giveUp(.attemptLimitReached),
        ])
    }

    @Test("timeouts cost 10 quota, other retries 5; an empty quota gives up")
    func quotaCosts() {
        var history = AttemptHistory(firstAttemptAt: start)
        history.recordFailure(.transient)
        let decide = { (timeout: Bool, quota: Int) in
            rules.decision(after: .transient, isTimeoutOrConnection: timeout, history: history, now: start, random: 0.5, quotaAvailable: quota)
        }
        #expect(decide(true, 500) == .retry(after: .seconds(0.5), quotaCost: 10))
        #expect(decide(false, 500) == .retry(after: .seconds(0.5), quotaCost: 5))
        #expect(decide(true, 9) == .giveUp(.retryQuotaExhausted))
        #expect(decide(false, 4) == .giveUp(.retryQuotaExhausted))
    }

    @Test("terminal failures are rethrown at once")
    func terminal() {
        var history = AttemptHistory(firstAttemptAt: start)
        history.recordFailure(.terminal)
        #expect(rules.decision(after: .terminal, isTimeoutOrConnection: false, history: history, now: start, random: 1, quotaAvailable: 500) == .rethrow)
    }

    @Test("IAM propagation ignores maxAttempts and the quota, backs off at most 5 s, stops at 120 s")
    func propagation() {
        var history = AttemptHistory(firstAttemptAt: start)
        for _ in 1...10 { history.recordFailure(.iamPropagation) }
        let at = { (seconds: Double) in
            rules.decision(after: .iamPropagation, isTimeoutOrConnection: false, history: history,
                           now: start.addingTimeInterval(seconds), random: 1, quotaAvailable: 0)
        }
        #expect(at(30) == .retry(after: .seconds(5), quotaCost: 0))
        #expect(at(117) == .retry(after: .seconds(3), quotaCost: 0))
        #expect(at(120) == .giveUp(.propagationWindowElapsed))
        #expect(at(300) == .giveUp(.propagationWindowElapsed))
    }

    @Test("IAM propagation polls at least once a second even with zero jitter")
    func propagationFloor() {
        var history = AttemptHistory(firstAttemptAt: start)
        history.recordFailure(.iamPropagation)
        let decision = rules.decision(after: .iamPropagation, isTimeoutOrConnection: false, history: history,
                                      now: start, random: 0, quotaAvailable: 500)
        #expect(decision == .retry(after: .seconds(1), quotaCost: 0))
    }

    @Test("the retry quota takes, refuses when short, and refills up to capacity")
    func quota() {
        var quota = RetryQuota(capacity: 12)
        let granted = [quota.acquire(5), quota.acquire(5), quota.acquire(5)]
        #expect(granted == [true, true, false])
        #expect(quota.available == 2)
        quota.release(5)
        #expect(quota.available == 7)
        quota.release(100)
        #expect(quota.available == 12)
    }
}
