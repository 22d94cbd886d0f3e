/// One thing the differ found about one instance.
///
/// `source` keeps only file and line (the column is dropped), because the JSON form is
/// `file:line`: a drift item survives an encode/decode round trip unchanged.
public struct DriftItem: Sendable, Hashable, Codable, Comparable {
    public var instanceId: String
    public var account: String
    public var region: String
    public var kind: DriftKind
    /// The desired profile as written in the manifest (or the resolved ARN), `none`, or both
    /// wanted profiles for a conflict.
    public var desired: String?
    /// The attached profile ARN, or for embedded credentials the redacted key id.
    public var actual: String?
    /// The manifest line that produced the expectation (assignment or exemption).
    public var source: SourceLocation?
    /// Why, for people: exemption reason, where a key was found, what conflicts.
    public var reason: String?

    public init(
        instanceId: String, account: String, region: String, kind: DriftKind,
        desired: String? = nil, actual: String? = nil, source: SourceLocation? = nil, reason: String? = nil
    ) {
        self.instanceId = instanceId
        self.account = account
        self.region = region
        self.kind = kind
        self.desired = desired
        self.actual = actual
        self.source = source.map { SourceLocation(file: $0.file, line: $0.line) }
        self.reason = reason
    }

    public init(instanceId: String, target: Target, kind: DriftKind, desired: String? = nil,
                actual: String? = nil, source: SourceLocation? = nil, reason: String? = nil) {
        self.init(instanceId: instanceId, account: target.account, region: target.region, kind: kind,
                  desired: desired, actual: actual, source: source, reason: reason)
    }

    public var target: Target { Target(account: account, region: region) }

    /// Report order: account, region, instance, kind, then the remaining fields so ties are stable.
    public static func < (lhs: DriftItem, rhs: DriftItem) -> Bool {
        if lhs.account != rhs.account { return lhs.account < rhs.account }
        if lhs.region != rhs.region { return lhs.region < rhs.region }
        if lhs.instanceId != rhs.instanceId { return lhs.instanceId < rhs.instanceId }
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        let left = (lhs.desired ?? "", lhs.actual ?? "", lhs.reason ?? "", lhs.source?.description ?? "")
        let right = (rhs.desired ?? "", rhs.actual ?? "", rhs.reason ?? "", rhs.source?.description ?? "")
        return left < right
    }

    enum CodingKeys: String, CodingKey {
        case instanceId, account, region, kind, desired, actual, source, reason
    }

    /// Documented fields are always present (null when absent), so consumers see a fixed shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(instanceId, forKey: .instanceId)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(kind, forKey: .kind)
        try container.encode(desired, forKey: .desired)
        try container.encode(actual, forKey: .actual)
        try container.encode(source?.description, forKey: .source)
        try container.encode(reason, forKey: .reason)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let sourceText = try container.decodeIfPresent(String.self, forKey: .source)
        self.init(
            instanceId: try container.decode(String.self, forKey: .instanceId),
            account: try container.decode(String.self, forKey: .account),
            region: try container.decode(String.self, forKey: .region),
            kind: try container.decode(DriftKind.self, forKey: .kind),
            desired: try container.decodeIfPresent(String.self, forKey: .desired),
            actual: try container.decodeIfPresent(String.self, forKey: .actual),
            source: sourceText.flatMap(SourceLocation.init(fileAndLine:)),
            reason: try container.decodeIfPresent(String.self, forKey: .reason)
        )
    }
}

extension SourceLocation {
    /// Parses `file:line` (the last colon separates the line, so paths may contain colons).
    public init?(fileAndLine text: String) {
        guard let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]) else {
            return nil
        }
        self.init(file: String(text[..<colon]), line: line)
    }
}
