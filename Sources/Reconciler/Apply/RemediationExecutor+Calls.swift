import AWSClient
import Foundation
import RoleSyncCore

extension AWSRemediationExecutor {
    /// The EC2 calls of one action, each followed by a wait until the association settles.
    ///
    /// Errors thrown from here are failures of the whole action; a disassociate-then-associate
    /// that stops halfway is returned as a partial application instead.
    func perform(_ action: PlannedAction, current: IamInstanceProfileAssociation?, ec2: EC2Client) async throws -> ApplyResult {
        switch action.type {
        case .associate:
            let created = try await ec2.associateIamInstanceProfile(instanceId: action.instanceId, profile: try profile(of: action))
            try await settle.untilAssociated(created.associationId, ec2: ec2)
            return .applied
        case .replace:
            guard let current else { throw ExecutionError(code: "IncorrectState", message: "no association to replace") }
            let profile = try profile(of: action)
            if action.strategy == .disassociateAssociate {
                // Replace fails on stopped instances (aws-cli#5251): disassociate, then associate.
                return try await disassociateThenAssociate(action, replacing: current, profile: profile, ec2: ec2)
            }
            let replaced = try await ec2.replaceIamInstanceProfileAssociation(associationId: current.associationId, profile: profile)
            try await settle.untilAssociated(replaced.associationId, ec2: ec2)
            return .applied
        case .disassociate:
            guard let current else { return .applied }
            _ = try await ec2.disassociateIamInstanceProfile(associationId: current.associationId)
            try await settle.untilGone(current.associationId, ec2: ec2)
            return .applied
        case .manual:
            return .applied
        }
    }

    /// Disassociate, wait until the old association is gone, associate. A failure after the
    /// Disassociate call is a partial application: the instance has no profile now.
    private func disassociateThenAssociate(
        _ action: PlannedAction, replacing current: IamInstanceProfileAssociation, profile: String, ec2: EC2Client
    ) async throws -> ApplyResult {
        _ = try await ec2.disassociateIamInstanceProfile(associationId: current.associationId)
        func partial(_ error: any Error, attempted: Bool) -> ApplyResult {
            let (code, message) = ApplyDecisions.codeAndMessage(of: error)
            return .partiallyApplied(PartialApplication(
                disassociated: current.iamInstanceProfile?.arn ?? current.associationId, desiredProfile: profile,
                associateAttempted: attempted, errorCode: code, errorMessage: message))
        }
        do {
            try await settle.untilGone(current.associationId, ec2: ec2)
        } catch {
            return partial(error, attempted: false)
        }
        let created: IamInstanceProfileAssociation
        do {
            created = try await ec2.associateIamInstanceProfile(instanceId: action.instanceId, profile: profile)
        } catch {
            return partial(error, attempted: true)
        }
        try await settle.untilAssociated(created.associationId, ec2: ec2)
        return .applied
    }

    private func profile(of action: PlannedAction) throws -> String {
        guard let profile = action.profile else {
            throw ExecutionError(code: "NoProfile", message: "the action names no profile")
        }
        return profile
    }
}
