/// An IAM role as listed inside an instance profile.
public struct IAMRole: Sendable, Hashable {
    public var name: String
    public var arn: String

    public init(name: String, arn: String) {
        self.name = name
        self.arn = arn
    }
}

/// An IAM instance profile and the role it holds (at most one in practice; a profile with
/// none grants nothing, which DESIGN reports as `profile-without-role`).
public struct InstanceProfile: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var id: String
    public var path: String
    public var roles: [IAMRole]

    public init(name: String, arn: String, id: String, path: String = "/", roles: [IAMRole] = []) {
        self.name = name
        self.arn = arn
        self.id = id
        self.path = path
        self.roles = roles
    }
}
