/// One text document found in an instance's user-data.
public struct UserDataPart: Sendable, Hashable, Codable {
    /// `user-data` for a single document, `user-data/part-2` for the second MIME part, and so on.
    public var label: String
    public var text: String

    public init(label: String, text: String) {
        self.label = label
        self.text = text
    }
}

/// What decoding one instance's user-data gave: the documents in it, in document order, and
/// what could not be decoded. Only a decoding without problems may be called clean.
public struct UserDataDecoding: Sendable, Hashable {
    public var parts: [UserDataPart]
    public var problems: [UserDataProblem]
    /// Bytes produced by decoding, every layer together (what the budgets count).
    public var decodedBytes: Int

    public init(parts: [UserDataPart], problems: [UserDataProblem], decodedBytes: Int) {
        self.parts = parts
        self.problems = problems
        self.decodedBytes = decodedBytes
    }

    /// True when every byte was decoded into text: nothing is left unread.
    public var isComplete: Bool { problems.isEmpty }

    public var texts: [String] { parts.map(\.text) }
}

/// Turns user-data as `DescribeInstanceAttribute` returns it (base64) into the text documents
/// it holds: gzip or zlib compression and MIME multipart (cloud-init) are unpacked, with
/// base64-encoded parts decoded, within `UserDataLimits`.
///
/// Decoding never throws: a failure is a problem in the result, and what was decoded before it
/// is kept, so a key ahead of a corrupt tail is still found and the instance is still
/// reported as not inspected.
public enum UserDataDecoder {
    /// - Parameter available: bytes left in the run's budget, when fewer than the instance's.
    public static func decode(
        base64: String, limits: UserDataLimits = UserDataLimits(), available: Int? = nil
    ) -> UserDataDecoding {
        var walk = UserDataWalk(limits: limits, available: available)
        walk.decodeRoot(base64)
        return UserDataDecoding(parts: walk.parts, problems: walk.problems, decodedBytes: walk.decodedBytes)
    }
}
