/// What `scan --verify` learnt of a found key by calling STS `GetCallerIdentity` with it.
public struct KeyVerification: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// STS accepted the pair: the key works and must be rotated now.
        case live
        /// STS refused the key id or the signature: deactivated, deleted, or never this pair.
        case revoked
        /// No answer either way (timeout, network, throttling, an error STS gives for other
        /// reasons): treat as live until shown otherwise.
        case unknown
        /// Nothing to sign with: a key id with no secret beside it, or a secret with no key id.
        case unpaired

        /// Which answer wins when several pairs hold one finding.
        var certainty: Int {
            switch self {
            case .live: 3
            case .revoked: 2
            case .unknown: 1
            case .unpaired: 0
            }
        }
    }

    public var status: Status
    /// For a live key, the identity it signs as (`arn:aws:iam::123456789012:user/deploy`).
    public var arn: String?
    /// Why it is revoked or unknown: an AWS error code or `timed out`, never a message that
    /// could quote the request.
    public var reason: String?

    public init(status: Status, arn: String? = nil, reason: String? = nil) {
        self.status = status
        self.arn = arn
        self.reason = reason
    }

    /// `live as arn:…`, `revoked (InvalidClientTokenId)`, `verification unknown (timed out)`.
    public var summary: String {
        switch status {
        case .live: "live as \(arn ?? "an unknown identity")"
        case .revoked: "revoked" + (reason.map { " (\($0))" } ?? "")
        case .unknown: "verification unknown" + (reason.map { " (\($0))" } ?? "")
        case .unpaired: "not verified: " + (reason ?? "nothing to pair it with")
        }
    }
}
