/// What scanning one instance's user-data found, and whether it could read all of it.
///
/// Keys found are reported even when decoding failed later: the part before the failure was
/// read. An inspection with problems is never clean, whatever it found.
public struct UserDataInspection: Sendable, Hashable {
    public var matches: [SecretMatch]
    public var problems: [UserDataProblem]
    /// Bytes decoded, every layer together: what the instance took from the run's budget.
    public var decodedBytes: Int

    public init(matches: [SecretMatch], problems: [UserDataProblem], decodedBytes: Int) {
        self.matches = matches
        self.problems = problems
        self.decodedBytes = decodedBytes
    }

    /// True when all of the user-data was decoded and scanned.
    public var isComplete: Bool { problems.isEmpty }

    /// Why it could not be inspected in full, for reports; nil when it could.
    public var reason: String? { problems.isEmpty ? nil : UserDataProblem.reason(problems) }

    /// The inventory's record of this instance, when it could not be inspected in full.
    public func uninspected(instanceId: String, target: Target) -> UninspectedUserData? {
        reason.map { UninspectedUserData(instanceId: instanceId, target: target, reason: $0) }
    }
}

extension CredentialScanner {
    /// Decodes user-data (base64, gzip or zlib, MIME) within `limits` and scans every document
    /// in it, the parts as one stream so that a key split across parts is still found.
    ///
    /// - Parameter available: bytes left in the run's budget, when fewer than the instance's.
    public static func inspectUserData(
        base64: String, limits: UserDataLimits = UserDataLimits(), available: Int? = nil
    ) -> UserDataInspection {
        let decoding = UserDataDecoder.decode(base64: base64, limits: limits, available: available)
        return UserDataInspection(
            matches: scan(parts: decoding.parts), problems: decoding.problems, decodedBytes: decoding.decodedBytes)
    }
}
