import Logging
import RoleSyncCore

extension Reconciliation {
    /// One log line per executed action: run id, target, instance, action, result and the AWS
    /// error code of a failure. Never a secret: actions carry ids, ARNs and codes only.
    func logActions(_ outcomes: [PlannedAction], runId: String) {
        for action in outcomes where action.type.isMutation && action.status != .planned && action.status != .blocked {
            var metadata: Logger.Metadata = [
                "runId": "\(runId)", "target": "\(action.target)", "instance": "\(action.instanceId)",
                "action": "\(action.type.rawValue)", "result": "\(action.status.rawValue)",
            ]
            if let code = action.errorCode { metadata["awsErrorCode"] = "\(code)" }
            if let profile = action.profile { metadata["profile"] = "\(profile)" }
            let level: Logger.Level = action.status == .failed ? .error : .info
            logger.log(level: level, "action \(action.status.rawValue)", metadata: metadata)
        }
    }

    /// One log line per decision: committed, nothing new, kept for later, or lost.
    func logDecision(_ recording: Recording, runId: String) {
        switch recording {
        case .committed(let recorded):
            logger.info("decision recorded", metadata: [
                "runId": "\(runId)", "commit": "\(recorded.commit)", "record": "\(recorded.record.path)",
                "counts": "\(recorded.record.counts.phrases.joined(separator: ", "))",
            ])
        case .nothingNew:
            logger.info("decision: nothing new to record", metadata: ["runId": "\(runId)"])
        case .kept(let kept):
            logger.error("decision kept on disk, not committed", metadata: [
                "runId": "\(runId)", "keptAt": "\(kept.keptAt)", "error": "\(kept.cause)",
            ])
        case .unrecorded(let lost):
            logger.critical("decision NOT recorded", metadata: [
                "runId": "\(runId)", "commitError": "\(lost.commitError)", "keepError": "\(lost.keepError)",
            ])
        }
    }
}
