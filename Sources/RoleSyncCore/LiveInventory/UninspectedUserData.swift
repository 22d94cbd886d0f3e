/// An instance whose user-data rolesync could not decode and scan in full: over a budget,
/// corrupt, or not text. It is never called clean, since what was not read may hold keys;
/// the differ reports it as `user-data-uninspected` drift.
public struct UninspectedUserData: Sendable, Hashable, Codable {
    public var instanceId: String
    public var target: Target
    /// Why, e.g. `decoded user-data exceeds the 1 MiB budget per instance (in user-data)`.
    public var reason: String

    public init(instanceId: String, target: Target, reason: String) {
        self.instanceId = instanceId
        self.target = target
        self.reason = reason
    }
}
