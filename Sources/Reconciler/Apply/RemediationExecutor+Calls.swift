import AWSClient
import Foundation
import RoleSyncCore

extension AWSRemediationExecutor {
    /// The EC2 calls of one action, each followed by a wait until the association settles.
    ///
    /// Once a mutating call has returned, the change is made: a failure while waiting for it to
    /// settle is recorded with the success, never as a failure. Errors thrown from here mean
    /// nothing was changed (or nothing the executor could confirm).
    func perform(_ action: PlannedAction, current: IamInstanceProfileAssociation?, access: TargetAccess) async throws -> ApplyResult {
        switch action.type {
        case .associate:
            return try await associate(action, profile: try profile(of: action), access: access)
        case .replace:
            guard let current else { throw ExecutionError(code: "IncorrectState", message: "no association to replace") }
            let profile = try profile(of: action)
            if action.strategy == .disassociateAssociate {
                // Replace fails on stopped instances (aws-cli#5251): disassociate, then associate.
                return try await disassociateThenAssociate(action, replacing: current, profile: profile, access: access)
            }
            return try await replace(action, replacing: current, profile: profile, access: access)
        case .disassociate:
            guard let current else { return .applied }
            if try await disassociate(action, current, access: access) == .confirmedByReread { return .confirmedByReread }
            return await settling { try await settle.untilGone(current.associationId, of: action.instanceId, reads: access.reads) }
        case .manual, .updateLaunchTemplate:
            // Template fixes never come here (`runTemplateFix`); manual actions change nothing.
            return .applied
        }
    }

    private func associate(_ action: PlannedAction, profile: String, access: TargetAccess) async throws -> ApplyResult {
        let created: IamInstanceProfileAssociation
        do {
            created = try await journalled(action, call: "associate", on: nil, profile: profile) {
                try await access.ec2.associateIamInstanceProfile(instanceId: action.instanceId, profile: profile)
            }
        } catch {
            if await confirmed(action, profile: profile, after: error, access: access) { return .confirmedByReread }
            throw error
        }
        return await settling { try await settle.untilAssociated(created.associationId, of: action.instanceId, reads: access.reads) }
    }

    /// One Replace call; when it answers `IncorrectState` because the instance was stopped after
    /// planning, disassociate-then-associate instead.
    private func replace(
        _ action: PlannedAction, replacing current: IamInstanceProfileAssociation, profile: String, access: TargetAccess
    ) async throws -> ApplyResult {
        let replaced: IamInstanceProfileAssociation
        do {
            replaced = try await journalled(action, call: "replace", on: current, profile: profile) {
                try await access.ec2.replaceIamInstanceProfileAssociation(associationId: current.associationId, profile: profile)
            }
        } catch {
            let code = ApplyDecisions.errorCode(of: error)
            guard ApplyDecisions.mayHaveBeenApplied(error),
                let now = try? await currentAssociation(of: action.instanceId, reads: access.reads)
            else { throw error }
            if ApplyDecisions.attaches(profile, now) { return .confirmedByReread }
            if ApplyDecisions.shouldFallBackFromReplace(errorCode: code, replacing: current, now: now) {
                return try await disassociateThenAssociate(action, replacing: current, profile: profile, access: access)
            }
            throw error
        }
        return await settling { try await settle.untilAssociated(replaced.associationId, of: action.instanceId, reads: access.reads) }
    }

    /// Disassociate, wait until the old association is gone, associate. A failure after the
    /// Disassociate call is a partial application: the instance has no profile now.
    private func disassociateThenAssociate(
        _ action: PlannedAction, replacing current: IamInstanceProfileAssociation, profile: String, access: TargetAccess
    ) async throws -> ApplyResult {
        _ = try await disassociate(action, current, access: access)
        func partial(_ error: any Error, attempted: Bool) -> ApplyResult {
            let (code, message) = ApplyDecisions.codeAndMessage(of: error)
            return .partiallyApplied(PartialApplication(
                disassociated: current.iamInstanceProfile?.arn ?? current.associationId, desiredProfile: profile,
                associateAttempted: attempted, errorCode: code, errorMessage: message))
        }
        do {
            try await settle.untilGone(current.associationId, of: action.instanceId, reads: access.reads)
        } catch {
            return partial(error, attempted: false)
        }
        let created: IamInstanceProfileAssociation
        do {
            created = try await journalled(action, call: "associate", on: nil, profile: profile) {
                try await access.ec2.associateIamInstanceProfile(instanceId: action.instanceId, profile: profile)
            }
        } catch {
            if await confirmed(action, profile: profile, after: error, access: access) { return .confirmedByReread }
            return partial(error, attempted: true)
        }
        return await settling { try await settle.untilAssociated(created.associationId, of: action.instanceId, reads: access.reads) }
    }

    /// One Disassociate call. A retry of a Disassociate whose answer was lost finds the
    /// association gone (`InvalidAssociationID.NotFound`): when a re-read shows the instance
    /// without a profile, the call did what it was sent to do and is reported so.
    private func disassociate(
        _ action: PlannedAction, _ current: IamInstanceProfileAssociation, access: TargetAccess
    ) async throws -> ApplyResult {
        do {
            _ = try await journalled(action, call: "disassociate", on: current, profile: nil) {
                try await access.ec2.disassociateIamInstanceProfile(associationId: current.associationId)
            }
            return .applied
        } catch {
            guard ApplyDecisions.mayHaveBeenApplied(error) else { throw error }
            // Not `try?`: it would fold "no association" (the success looked for) into "re-read failed".
            let now: IamInstanceProfileAssociation?
            do {
                now = try await currentAssociation(of: action.instanceId, reads: access.reads)
            } catch _ {
                throw error
            }
            guard ApplyDecisions.removed(current, now: now) else { throw error }
            return .confirmedByReread
        }
    }

    /// Whether a failed Associate was applied after all: only for the answers a lost response
    /// explains, and only when a re-read shows the desired profile attached.
    private func confirmed(_ action: PlannedAction, profile: String, after error: any Error, access: TargetAccess) async -> Bool {
        guard ApplyDecisions.mayHaveBeenApplied(error),
            let now = try? await currentAssociation(of: action.instanceId, reads: access.reads)
        else { return false }
        return ApplyDecisions.attaches(profile, now)
    }

    /// Sends one EC2 mutation, announced in the journal first and its answer noted after. When
    /// the intent cannot be made durable the call is not sent: a mutation nobody could account
    /// for after a crash is worse than one not made.
    func journalled<T: Sendable>(
        _ action: PlannedAction, call: String, on association: IamInstanceProfileAssociation?, profile: String?,
        _ send: () async throws -> T
    ) async throws -> T {
        guard let journal else { return try await send() }
        let intent = JournalCall(
            account: action.account, region: action.region, instanceId: action.instanceId, action: action.type,
            call: call, associationId: association?.associationId, expectedProfile: action.expected?.profileArn,
            profile: profile)
        let sequence: Int
        do {
            sequence = try await journal.journal.intend(intent, runId: journal.runId)
        } catch {
            throw ExecutionError(code: "JournalUnwritable", message: "the intent journal could not be written (\(error)); nothing was sent")
        }
        do {
            let answer = try await send()
            await journal.journal.answered(sequence, runId: journal.runId, succeeded: true)
            return answer
        } catch {
            await journal.journal.answered(sequence, runId: journal.runId, succeeded: false)
            throw error
        }
    }

    /// Waits for a change already made to settle; a failure to wait does not undo the change.
    private func settling(_ wait: () async throws -> Void) async -> ApplyResult {
        do {
            try await wait()
            return .applied
        } catch {
            let (code, message) = ApplyDecisions.codeAndMessage(of: error)
            return .appliedNotSettled("\(code): \(message)")
        }
    }

    private func profile(of action: PlannedAction) throws -> String {
        guard let profile = action.profile else {
            throw ExecutionError(code: "NoProfile", message: "the action names no profile")
        }
        return profile
    }
}
