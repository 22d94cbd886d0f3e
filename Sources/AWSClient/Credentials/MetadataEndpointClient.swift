import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small HTTP answer from a credentials endpoint on the host or link-local network.
struct MetadataEndpointResponse: Sendable {
    var status: Int
    var body: String
}

/// HTTP for the container and instance metadata endpoints: one request with a short overall
/// deadline, so a chain run off EC2 or outside a container does not hang on a silent address.
struct MetadataEndpointClient: Sendable {
    let httpClient: HTTPClient
    let timeout: TimeAmount

    /// Bodies are a role name or a small JSON document; anything larger is not a credentials answer.
    static let maximumBodySize = 64 * 1024

    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)]) async throws -> MetadataEndpointResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await httpClient.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maximumBodySize)
        return MetadataEndpointResponse(status: Int(response.status.code), body: String(buffer: body))
    }
}

/// The JSON both the container endpoint and IMDS answer with.
struct MetadataCredentialsDocument: Decodable {
    var code: String?
    var message: String?
    var accessKeyId: String?
    var secretAccessKey: String?
    var token: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
        case code = "Code", message = "Message", accessKeyId = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey", token = "Token", expiration = "Expiration"
    }

    /// Decodes `body` into credentials; errors describe the document's shape, never its values.
    static func credentials(from body: String, provider: String) throws -> AWSCredentials {
        let document: MetadataCredentialsDocument
        do {
            document = try JSONDecoder().decode(MetadataCredentialsDocument.self, from: Data(body.utf8))
        } catch {
            throw CredentialProviderError.failed(provider, "credentials answer is not a JSON object")
        }
        if let code = document.code, code != "Success" {
            throw CredentialProviderError.failed(provider, "credentials answer has Code \(code): \(document.message ?? "")")
        }
        guard let accessKeyId = document.accessKeyId, let secret = document.secretAccessKey else {
            throw CredentialProviderError.failed(provider, "credentials answer lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.expiration {
            guard let date = parseTimestamp(text) else {
                throw CredentialProviderError.failed(provider, "credentials answer has an unreadable Expiration \(text)")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: document.token, expiration: expiration)
    }

    /// ISO 8601 timestamps, with or without fractional seconds.
    static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
