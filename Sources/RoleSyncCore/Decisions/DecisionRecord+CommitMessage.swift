extension DecisionRecord {
    /// The decision commit's message:
    ///
    /// ```
    /// rolesync: 3 associated, 1 replaced, 2 blocked at 4f2a9c1
    ///
    /// Desired-Revision: 4f2a9c1e...
    /// Plan-Hash: sha256:...
    /// Run-Id: 2026-11-29T01:02:03Z-7k2q
    /// ```
    ///
    /// Only non-zero counts appear. It ends with a newline, as git itself writes messages, and
    /// the trailers parse with `git interpret-trailers`.
    public func commitMessage() -> String {
        let phrases = counts.phrases
        var summary = phrases.isEmpty ? "no changes" : phrases.joined(separator: ", ")
        var recovered = (interrupted ?? []).map { "\($0.summary)\n" }.joined()
        if let refusal {
            summary = "refused (\(refusal.reason.rawValue))"
            recovered += "\(refusal.detail)\n"
        }
        for failed in failedTargets ?? [] { recovered += "target \(failed.target) not read: \(failed.reason)\n" }
        recovered += causeLines()
        return """
            rolesync: \(summary) at \(String(desiredRevision.prefix(7)))

            \(recovered.isEmpty ? "" : recovered + "\n")Desired-Revision: \(desiredRevision)
            Plan-Hash: \(planHash)
            Run-Id: \(runId)

            """
    }

    /// How many caused items the message names; the record itself holds every cause.
    static let causeLinesShown = 20

    /// `i-0abc wrong: ReplaceIamInstanceProfileAssociation by … at …`, one per drift item a
    /// change event explains, so `git log` says who made each change the run answered.
    func causeLines() -> String {
        let caused = drift.filter { $0.cause != nil }
        var lines = caused.prefix(Self.causeLinesShown).map { item in
            "\(item.instanceId) \(item.kind.rawValue): \(item.cause?.summary ?? "")\n"
        }
        if caused.count > Self.causeLinesShown {
            lines.append("and \(caused.count - Self.causeLinesShown) more changes named by events (see the record)\n")
        }
        return lines.joined()
    }
}
