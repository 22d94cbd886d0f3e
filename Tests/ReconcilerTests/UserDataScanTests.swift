import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// The inventory's user-data scan: unreadable user-data becomes an uninspected record (never
/// silence), and all instances of a run share one decoding budget.
private let target = Target(account: "111122223333", region: "us-east-1")
private func instance(_ id: String) -> LiveInstance { LiveInstance(instanceId: id, target: target, state: .running) }
private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
private let keyScript = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIABEGZGSYEBANND6YZ\n"

@Test func undecodableUserDataIsRecordedNotCalledClean() async {
    let budget = UserDataBudget(limits: UserDataLimits())
    let result = await AWSInventoryReader.inspect(base64(keyScript) + "%%", of: instance("i-1"), budget: budget)
    #expect(result.findings.map(\.location) == ["user-data:2"], "the part before the failure is scanned")
    #expect(result.uninspected == [UninspectedUserData(
        instanceId: "i-1", target: target,
        reason: "invalid base64: '%' at offset 80 is not a base64 character (in user-data)")])
}

@Test func cleanAndEmptyUserDataLeaveNoRecord() async {
    let budget = UserDataBudget(limits: UserDataLimits())
    #expect(await AWSInventoryReader.inspect(base64("echo hi\n"), of: instance("i-1"), budget: budget) == UserDataScanResult())
    #expect(await AWSInventoryReader.inspect(nil, of: instance("i-2"), budget: budget) == UserDataScanResult())
    #expect(await budget.bytesLeft == (64 << 20) - 8, "what was not decoded is given back")
}

@Test func theRunBudgetIsSharedAndNamedWhenSpent() async {
    let limits = UserDataLimits(decodedBytesPerInstance: 100, decodedBytesPerRun: 150)
    let budget = UserDataBudget(limits: limits)
    let text = String(repeating: "echo padding\n", count: 7)  // 91 bytes
    let first = await AWSInventoryReader.inspect(base64(text), of: instance("i-1"), budget: budget)
    let second = await AWSInventoryReader.inspect(base64(text), of: instance("i-2"), budget: budget)
    #expect(first.uninspected.isEmpty)
    #expect(second.uninspected.map(\.reason) == ["the run's 150 bytes budget for decoded user-data is spent (in user-data)"])
    #expect(await budget.bytesLeft == 0)
    let third = await AWSInventoryReader.inspect(base64("echo hi\n"), of: instance("i-3"), budget: budget)
    #expect(third.uninspected.map(\.instanceId) == ["i-3"], "once spent, every later instance is uninspected")
}

@Test func concurrentScansNeverOverspendTheRun() async {
    let limits = UserDataLimits(decodedBytesPerInstance: 1_000, decodedBytesPerRun: 10_000)
    let budget = UserDataBudget(limits: limits)
    let text = base64(String(repeating: "x", count: 900))
    let results = await withTaskGroup(of: UserDataScanResult.self) { group in
        for index in 0..<20 { group.addTask { await AWSInventoryReader.inspect(text, of: instance("i-\(index)"), budget: budget) } }
        return await group.reduce(into: []) { $0.append($1) }
    }
    // At most 11 × 900 bytes fit in 10,000; reservations held at the same time may leave fewer.
    let complete = results.filter(\.uninspected.isEmpty).count
    #expect((1...11).contains(complete))
    #expect(results.count == 20)
    #expect(await budget.bytesLeft >= 0)
}
