import Foundation

/// What the proxy reads from a Query request: the action, its parameters and the region.
public struct ProxiedRequest: Sendable, Hashable {
    public var action: String
    /// Form parameters, percent-decoded (`InstanceId`, `IamInstanceProfile.Arn`, `AssociationId`…).
    public var parameters: [String: String]
    /// The region of the SigV4 credential scope, which is what the emulator routes by.
    public var region: String?
    /// The service of the credential scope (`ec2`, `sts`, `dynamodb`…).
    public var service: String?

    public init(action: String, parameters: [String: String] = [:], region: String? = nil, service: String? = nil) {
        self.action = action
        self.parameters = parameters
        self.region = region
        self.service = service
    }

    /// Reads a form-encoded body and the `Authorization` header; a JSON protocol request
    /// (DynamoDB, Organizations) names its action in `X-Amz-Target` instead
    /// (`DynamoDB_20120810.PutItem` → `PutItem`).
    public init(formBody: String, authorization: String?, target: String? = nil) {
        var parameters: [String: String] = [:]
        if target == nil {
            for pair in formBody.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(Self.decode)
                parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
        }
        let scope = authorization.flatMap(Self.scope(inAuthorization:))
        self.init(
            action: target.map { String($0.split(separator: ".").last ?? "") } ?? parameters["Action"] ?? "",
            parameters: parameters, region: scope?.region, service: scope?.service)
    }

    /// `AWS4-HMAC-SHA256 Credential=KEY/20260101/us-west-2/ec2/aws4_request, …` → `us-west-2`.
    static func region(inAuthorization header: String) -> String? {
        scope(inAuthorization: header)?.region
    }

    /// The region and service of the credential scope.
    static func scope(inAuthorization header: String) -> (region: String, service: String)? {
        guard let credential = header.range(of: "Credential=") else { return nil }
        let scope = header[credential.upperBound...].prefix { $0 != "," && $0 != " " }.split(separator: "/")
        return scope.count >= 5 ? (String(scope[scope.count - 3]), String(scope[scope.count - 2])) : nil
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// A request that reached the emulator, and what the proxy then did with its answer.
public struct ForwardedRequest: Sendable, Hashable {
    public var request: ProxiedRequest
    /// `pass`, or the reply fault that spoiled the answer.
    public var fault: Fault
    /// Its position among forwarded requests.
    public var sequence: Int

    public var action: String { request.action }
    public var region: String? { request.region }

    /// Whether the emulator acted but the client never got its answer intact.
    public var answerLost: Bool { fault != .pass }

    /// The EC2 mutations rolesync makes.
    public static let mutatingActions: Set<String> = [
        "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "DisassociateIamInstanceProfile",
    ]

    public var isMutation: Bool { Self.mutatingActions.contains(action) }
}
