import Foundation

/// One JSON protocol call, the protocol AWS Organizations (1.1) and DynamoDB (1.0) speak
/// instead of Query: the operation goes in `X-Amz-Target` (`AWSOrganizationsV20161128.ListAccounts`)
/// and the parameters in a JSON object body (`application/x-amz-json-1.1`). It travels through the
/// same `QueryTransport` (signing, proxies, clock-skew correction, error mapping) as the
/// Query calls, so endpoint overrides, retries and rate limits apply to it unchanged.
public struct JSONRequest: Sendable, Equatable {
    /// The service's target prefix, e.g. `AWSOrganizationsV20161128`.
    public var targetPrefix: String
    public var operation: String
    public var fields: [String: JSONValue]
    /// `1.1` (Organizations) or `1.0` (DynamoDB): the content type's version.
    public var version: String

    public init(targetPrefix: String, operation: String, fields: [String: JSONValue] = [:], version: String = "1.1") {
        self.targetPrefix = targetPrefix
        self.operation = operation
        self.fields = fields
        self.version = version
    }

    /// The `X-Amz-Target` header value.
    public var target: String { "\(targetPrefix).\(operation)" }

    /// The body: the fields as one JSON object, keys sorted so equal requests are equal bytes.
    public var body: [UInt8] {
        let object = fields.mapValues(\.foundationObject)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }
}

/// The parameter values rolesync sends in JSON requests: scalars, and the nested objects and
/// lists DynamoDB's attribute values need.
public indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case object([String: JSONValue])
    case array([JSONValue])

    var foundationObject: Any {
        switch self {
        case .string(let text): text
        case .integer(let number): number
        case .bool(let flag): flag
        case .object(let fields): fields.mapValues(\.foundationObject)
        case .array(let values): values.map(\.foundationObject)
        }
    }
}

/// Turns a JSON-protocol answer into its body or the `AWSServiceError` it stands for. Pure, so
/// the error shapes are tested with plain strings.
public enum JSONResponseDecoding {
    /// The body of a 2xx answer (`{}` when empty). Otherwise an `AWSServiceError` whose code is
    /// the `__type` of the error document without its namespace (`…#AccessDeniedException` →
    /// `AccessDeniedException`), as botocore reads it; a body that is no error document gives
    /// the HTTP status as the code, so 5xx pages from proxies stay retryable.
    public static func decode(status: Int, body: Data, action: String) throws -> Data {
        if (200..<300).contains(status) { return body.isEmpty ? Data("{}".utf8) : body }
        let document = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard let document, let type = document["__type"] as? String ?? document["code"] as? String else {
            throw AWSServiceError(
                code: String(status), message: ResponseDecoding.snippet(body), requestId: nil, httpStatus: status,
                action: action)
        }
        let code = String(type.split(separator: "#").last ?? Substring(type)).split(separator: ":").first.map(String.init) ?? type
        let message = document["message"] as? String ?? document["Message"] as? String ?? ""
        throw AWSServiceError(
            code: code, message: ResponseDecoding.redactedMessage(message), requestId: nil, httpStatus: status,
            action: action)
    }
}

extension QueryTransport {
    /// Sends a JSON-protocol `request` to `endpoint`, signed with `credentials`, and returns
    /// the answer's JSON body.
    public func send(_ request: JSONRequest, to endpoint: ServiceEndpoint, credentials: AWSCredentials?) async throws
        -> Data
    {
        let call = OutgoingCall(
            action: request.operation, body: request.body,
            headers: [.init("Content-Type", "application/x-amz-json-\(request.version)"), .init("X-Amz-Target", request.target)])
        return try await send(call, to: endpoint, credentials: credentials) { status, body in
            try JSONResponseDecoding.decode(status: status, body: body, action: request.operation)
        }
    }
}

/// What every JSON-protocol client holds: where and as whom it calls, and the policy (retries,
/// rate limits) each call goes through. Calls are counted in the global bucket of `account`.
struct JSONServiceCaller: Sendable {
    let transport: QueryTransport
    let endpoint: ServiceEndpoint
    let credentials: any CredentialProvider
    let policy: RequestPolicy
    /// The account the rate-limit bucket is kept for (the caller's).
    let account: String

    /// A JSON 1.0 call of `prefix.operation` whose answer must be a JSON object.
    func object(_ prefix: String, _ operation: String, _ fields: [String: JSONValue]) async throws -> [String: Any] {
        let data = try await call(JSONRequest(targetPrefix: prefix, operation: operation, fields: fields, version: "1.0"))
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AWSTransportError.malformedResponse("\(operation): the answer is not a JSON object")
        }
        return object
    }

    func call(_ request: JSONRequest) async throws -> Data {
        let key = RateLimitKey(account: account, region: endpoint.signingRegion, bucket: .global)
        return try await policy.perform(action: request.operation, key: key) { [self] in
            try await transport.send(request, to: endpoint, credentials: try await credentials.resolve().credentials)
        }
    }
}
