import AWSClient
import Foundation
import RoleSyncCore

extension AWSRemediationExecutor {
    /// The EC2 calls of one action, each followed by a wait until the association settles.
    func perform(_ action: PlannedAction, current: IamInstanceProfileAssociation?, ec2: EC2Client) async throws {
        switch action.type {
        case .associate:
            let created = try await ec2.associateIamInstanceProfile(instanceId: action.instanceId, profile: try profile(of: action))
            try await settle.untilAssociated(created.associationId, ec2: ec2)
        case .replace:
            guard let current else { throw ExecutionError(code: "IncorrectState", message: "no association to replace") }
            if action.strategy == .disassociateAssociate {
                // Replace fails on stopped instances (aws-cli#5251): disassociate, then associate.
                _ = try await ec2.disassociateIamInstanceProfile(associationId: current.associationId)
                try await settle.untilGone(current.associationId, ec2: ec2)
                let created = try await ec2.associateIamInstanceProfile(instanceId: action.instanceId, profile: try profile(of: action))
                try await settle.untilAssociated(created.associationId, ec2: ec2)
            } else {
                let replaced = try await ec2.replaceIamInstanceProfileAssociation(
                    associationId: current.associationId, profile: try profile(of: action))
                try await settle.untilAssociated(replaced.associationId, ec2: ec2)
            }
        case .disassociate:
            guard let current else { return }
            _ = try await ec2.disassociateIamInstanceProfile(associationId: current.associationId)
            try await settle.untilGone(current.associationId, ec2: ec2)
        case .manual:
            return
        }
    }

    private func profile(of action: PlannedAction) throws -> String {
        guard let profile = action.profile else {
            throw ExecutionError(code: "NoProfile", message: "the action names no profile")
        }
        return profile
    }

    static func failed(_ action: PlannedAction, error: any Error) -> PlannedAction {
        switch error {
        case let error as AWSServiceError:
            return failed(action, code: error.code, message: error.message)
        case let error as RetriesExhausted:
            return failed(action, code: error.lastErrorCode ?? "RetriesExhausted", message: error.description)
        case let error as ExecutionError:
            return failed(action, code: error.code, message: error.message)
        default:
            return failed(action, code: "Error", message: String(describing: error))
        }
    }

    static func failed(_ action: PlannedAction, code: String, message: String) -> PlannedAction {
        var outcome = action
        outcome.status = .failed
        outcome.errorCode = code
        outcome.errorMessage = message
        outcome.reason = "\(code): \(message)"
        return outcome
    }
}

/// A failure found by the executor itself rather than answered by AWS.
struct ExecutionError: Error, Sendable {
    var code: String
    var message: String
}

/// Waits until an association reaches its final state, polling the association listing with
/// growing pauses. Waiting is bounded: an association that takes longer is left to settle and
/// the next run sees it as `pending`.
public struct SettleWaiter: Sendable {
    public var sleeper: any Sleeper
    public var pauses: [Duration]

    public init(sleeper: any Sleeper = ContinuousSleeper(), pauses: [Duration] = [.zero, .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)]) {
        self.sleeper = sleeper
        self.pauses = pauses
    }

    func untilAssociated(_ associationId: String, ec2: EC2Client) async throws {
        try await poll(associationId, ec2: ec2) { $0?.state == "associated" }
    }

    func untilGone(_ associationId: String, ec2: EC2Client) async throws {
        try await poll(associationId, ec2: ec2) { $0 == nil || $0?.state == "disassociated" }
    }

    /// The association by id; nil once EC2 no longer knows it (a disassociation has finished).
    private func lookUp(_ associationId: String, ec2: EC2Client) async throws -> IamInstanceProfileAssociation? {
        do {
            return try await ec2.describeIamInstanceProfileAssociations(associationIds: [associationId]).first
        } catch let error as AWSServiceError where error.code.hasSuffix("NotFound") {
            return nil
        }
    }

    private func poll(
        _ associationId: String, ec2: EC2Client, until settled: (IamInstanceProfileAssociation?) -> Bool
    ) async throws {
        for pause in pauses {
            if pause > .zero { try await sleeper.sleep(for: pause) }
            if settled(try await lookUp(associationId, ec2: ec2)) { return }
        }
    }
}
