/// A password, token or passphrase. It prints as `<redacted>` wherever it is interpolated or
/// dumped, so a secret cannot reach a message, a log line or a record by accident; only the
/// credential callback reads `revealed`.
public struct GitSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let revealed: String

    public init(_ value: String) {
        revealed = value
    }

    public var isEmpty: Bool { revealed.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
