import Foundation
import Testing
import TestSupport

/// The fault proxy's own rules, with plain values: what it reads from a request, and that its
/// random faults are reproducible and keep to their rate and their hang budget.
@Suite struct FaultScheduleTests {
    static let authorization = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-west-2/ec2/aws4_request, "
        + "SignedHeaders=host;x-amz-date, Signature=abc"

    @Test func aRequestIsReadForItsActionParametersAndRegion() {
        let request = ProxiedRequest(
            formBody: "Action=AssociateIamInstanceProfile&Version=2016-11-15&InstanceId=i-1"
                + "&IamInstanceProfile.Arn=arn%3Aaws%3Aiam%3A%3A1%3Ainstance-profile%2Fapp",
            authorization: Self.authorization)
        #expect(request.action == "AssociateIamInstanceProfile")
        #expect(request.parameters["InstanceId"] == "i-1")
        #expect(request.parameters["IamInstanceProfile.Arn"] == "arn:aws:iam::1:instance-profile/app")
        #expect(request.region == "us-west-2")
        #expect(ProxiedRequest(formBody: "Action=ListInstanceProfiles", authorization: nil).region == nil)
    }

    static func draws(_ count: Int, rates: FaultRates, seed: UInt64) -> [Fault] {
        let schedule = FaultSchedule(rates: rates, seed: seed)
        return (0..<count).map { _ in schedule.next(action: "DescribeInstances") }
    }

    @Test func randomFaultsRepeatForASeedAndKeepToTheirRate() {
        let rates = FaultRates(rate: 0.2, maxHangs: 2)
        let faults = Self.draws(2000, rates: rates, seed: 7)
        #expect(faults == Self.draws(2000, rates: rates, seed: 7))
        #expect(faults != Self.draws(2000, rates: rates, seed: 8))
        let faulted = faults.filter { $0 != .pass }.count
        #expect((340...460).contains(faulted), "\(faulted) of 2000")
        #expect(faults.filter { $0 == .hang || $0 == .reply(.hang) }.count == 2)
        #expect(faults.contains { $0.reachesEmulator && $0 != .pass })
        #expect(faults.contains { !$0.reachesEmulator })
    }

    @Test func aFailingRegionGetsOnlyRequestFaultsAndForcedFaultsComeFirst() {
        let schedule = FaultSchedule()
        schedule.setFailing(region: "us-west-2")
        schedule.force([.reply(.drop)], onNext: "AssociateIamInstanceProfile")
        let west = ProxiedRequest(action: "DescribeInstances", region: "us-west-2")
        let east = ProxiedRequest(action: "DescribeInstances", region: "us-east-1")
        #expect((0..<8).map { _ in schedule.next(for: west) }.allSatisfy { !$0.reachesEmulator })
        #expect(schedule.next(for: east) == .pass)
        #expect(schedule.next(action: "AssociateIamInstanceProfile") == .reply(.drop))
        #expect(schedule.next(action: "AssociateIamInstanceProfile") == .pass)
        #expect(schedule.forwarded.map(\.action) == ["DescribeInstances", "AssociateIamInstanceProfile", "AssociateIamInstanceProfile"])
        #expect(schedule.forwarded[1].answerLost)
    }
}
