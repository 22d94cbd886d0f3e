import Yams

/// Where each `spec` field of one manifest was written, so a review can point at the exact line
/// a change is on (`payments.yaml:7 instanceProfile: …`), not only at the document.
///
/// An annotation, not content: two manifests that say the same thing are equal wherever their
/// fields sit, so equality and hashing ignore it (the document's own `source` already pins
/// where it lives). Decoding tolerates its absence, so values encoded before it existed still read.
public struct FieldLocations: Sendable, Hashable, Codable {
    public var byField: [String: SourceLocation]

    public init(_ byField: [String: SourceLocation] = [:]) {
        self.byField = byField
    }

    public subscript(field: String) -> SourceLocation? { byField[field] }

    public static func == (lhs: FieldLocations, rhs: FieldLocations) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public init(from decoder: any Decoder) throws {
        byField = try decoder.singleValueContainer().decode([String: SourceLocation].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(byField)
    }
}

extension KeyedDecodingContainer {
    /// Lets the synthesised decoders of the manifest types read values written without field locations.
    public func decode(_ type: FieldLocations.Type, forKey key: Key) throws -> FieldLocations {
        try decodeIfPresent(type, forKey: key) ?? FieldLocations()
    }
}

extension FieldMap {
    /// The location of every field written in this mapping, by field name.
    func locations(_ collector: ProblemCollector, fields: [String]) -> FieldLocations {
        var byField: [String: SourceLocation] = [:]
        for field in fields {
            if let entry = optional(field) { byField[field] = collector.location(of: entry.key) }
        }
        return FieldLocations(byField)
    }
}
