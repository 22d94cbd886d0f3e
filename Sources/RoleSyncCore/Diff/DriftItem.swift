/// One thing the differ found about one instance, or (with a `subject`) about a launch template
/// or Auto Scaling group.
///
/// `source` keeps only file and line (the column is dropped), because the JSON form is
/// `file:line`: a drift item survives an encode/decode round trip unchanged.
public struct DriftItem: Sendable, Hashable, Codable, Comparable {
    /// The instance; for an item with a subject, the subject's label (so reports and sorting
    /// keep one column and one key per thing). JSON writes `null` for it then.
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
    /// What the item is about when it is not an instance; nil for instances.
    public var subject: DriftSubject?
    /// The change that caused it, when an event named it (who, what call, when, from where);
    /// nil when a full scan found it with no event: the cause is unknown.
    public var cause: ChangeEvent?

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

    /// An item about a launch template or group; `instanceId` becomes the subject's label.
    public init(subject: DriftSubject, target: Target, kind: DriftKind, desired: String? = nil,
                actual: String? = nil, source: SourceLocation? = nil, reason: String? = nil) {
        self.init(instanceId: subject.label, target: target, kind: kind, desired: desired, actual: actual,
                  source: source, reason: reason)
        self.subject = subject
    }

    public var target: Target { Target(account: account, region: region) }

    /// Whether the item is about an instance (not a launch template or group).
    public var isAboutInstance: Bool { subject == nil }

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
        case instanceId, account, region, kind, desired, actual, source, reason, subject, cause
    }

    /// Documented fields are always present (null when absent), so consumers see a fixed shape;
    /// `subject` only on items that have one, whose `instanceId` is then null; `cause` only on
    /// items an event explains.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject == nil ? instanceId : nil, forKey: .instanceId)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(kind, forKey: .kind)
        try container.encode(desired, forKey: .desired)
        try container.encode(actual, forKey: .actual)
        try container.encode(source?.description, forKey: .source)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(cause, forKey: .cause)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let sourceText = try container.decodeIfPresent(String.self, forKey: .source)
        let subject = try container.decodeIfPresent(DriftSubject.self, forKey: .subject)
        self.init(
            instanceId: try subject?.label ?? container.decode(String.self, forKey: .instanceId),
            account: try container.decode(String.self, forKey: .account),
            region: try container.decode(String.self, forKey: .region),
            kind: try container.decode(DriftKind.self, forKey: .kind),
            desired: try container.decodeIfPresent(String.self, forKey: .desired),
            actual: try container.decodeIfPresent(String.self, forKey: .actual),
            source: sourceText.flatMap(SourceLocation.init(fileAndLine:)),
            reason: try container.decodeIfPresent(String.self, forKey: .reason)
        )
        self.subject = subject
        self.cause = try container.decodeIfPresent(ChangeEvent.self, forKey: .cause)
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
