import Foundation
import NIOHTTP1
import TestSupport

/// A request the metadata server received: method, path and whether it carried the session token.
struct MetadataRequest: Sendable, Equatable {
    var method: String
    var path: String
    var hadToken: Bool
}

/// The EC2 instance metadata service (IMDSv2) played on the loopback HTTP test server, for
/// running the binary as if on an instance: a session token from `PUT /latest/api/token` is
/// required on every `GET` (401 without it), the role list names one role, and the role's path
/// answers with the given credentials in the JSON the real service uses.
struct WhoAmIMetadataServer: Sendable {
    static let token = "imds-session-token-e2e"
    static let role = "rolesync-e2e-node"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    private let server: LoopbackHTTPServer

    /// `http://127.0.0.1:PORT`, for `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
    var endpoint: String { server.baseURL }

    /// Every request so far, in order.
    var requests: [MetadataRequest] {
        server.requests.map {
            MetadataRequest(
                method: $0.method.rawValue, path: $0.path,
                hadToken: $0.headers["x-aws-ec2-metadata-token"].first == Self.token)
        }
    }

    /// Serves `credentials` as the instance role's while `body` runs, and stops after it.
    static func serving<T>(
        _ credentials: SessionCredentials, _ body: (WhoAmIMetadataServer) async throws -> T
    ) async throws -> T {
        let document = credentialsDocument(credentials)
        let server = try await LoopbackHTTPServer.start { answer($0, credentials: document) }
        let result: Result<T, any Error>
        do { result = .success(try await body(WhoAmIMetadataServer(server: server))) } catch { result = .failure(error) }
        try await server.stop()
        return try result.get()
    }

    private static func answer(_ request: LoopbackRequest, credentials: String) -> LoopbackResponse {
        let plain = [("Content-Type", "text/plain")]
        if request.path == "/latest/api/token" {
            guard request.method == .PUT, request.headers["x-aws-ec2-metadata-token-ttl-seconds"].first != nil else {
                return LoopbackResponse(.badRequest, headers: plain)
            }
            return LoopbackResponse(body: token, headers: plain)
        }
        guard request.method == .GET else { return LoopbackResponse(.methodNotAllowed, headers: plain) }
        guard request.headers["x-aws-ec2-metadata-token"].first == token else {
            return LoopbackResponse(.unauthorized, headers: plain)
        }
        switch request.path {
        case credentialsPath: return LoopbackResponse(body: role, headers: plain)
        case credentialsPath + role: return LoopbackResponse(body: credentials, headers: plain)
        default: return LoopbackResponse(.notFound, headers: plain)
        }
    }

    private static func credentialsDocument(_ credentials: SessionCredentials) -> String {
        """
        {"Code": "Success", "LastUpdated": "\(ISO8601DateFormatter().string(from: Date()))", "Type": "AWS-HMAC",
         "AccessKeyId": "\(credentials.accessKeyId)", "SecretAccessKey": "\(credentials.secretAccessKey)",
         "Token": "\(credentials.sessionToken)", "Expiration": "\(credentials.expiration)"}
        """
    }
}
