/// The tokens one listing has followed. A server (or a proxy) that hands back a token it gave
/// before would have the listing loop for ever; that is an error naming the action instead.
struct PageTokens {
    let action: String
    private var seen: Set<String> = []

    init(action: String) {
        self.action = action
    }

    /// `token` when it is new, nil at the end of the listing; throws on a repeat.
    mutating func follow(_ token: String?) throws -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard seen.insert(token).inserted else {
            throw AWSTransportError.malformedResponse(
                "\(action) returned a pagination token it had returned before, after \(seen.count) page(s): following it would never end")
        }
        return token
    }
}
