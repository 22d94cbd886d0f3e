import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4 in the `Authorization` header. Pure: the date
/// is a parameter, so the official test vectors reproduce byte for byte.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    /// The region of the credential scope (`us-east-1` for IAM, whatever the endpoint).
    public var region: String
    /// The signing name of the service: `ec2`, `iam`, `sts`.
    public var service: String
    /// Normalise the URI path (`.`/`..`/`//`); every service except S3 expects it.
    public var normalizePath: Bool
    /// Add and sign `x-amz-content-sha256` with the payload hash.
    public var signBody: Bool
    /// Add `x-amz-security-token` after signing instead of signing it (older STS style).
    public var omitSessionToken: Bool

    public init(
        credentials: AWSCredentials, region: String, service: String,
        normalizePath: Bool = true, signBody: Bool = false, omitSessionToken: Bool = false
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizePath = normalizePath
        self.signBody = signBody
        self.omitSessionToken = omitSessionToken
    }

    /// Every stage of one signature, kept so tests can compare each against the vectors.
    public struct Signature: Sendable, Equatable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var authorization: String
        /// The request's headers plus those added by signing (date, token, payload hash,
        /// `Authorization`), ready to send.
        public var headers: [SignableRequest.Header]
    }

    public func sign(_ request: SignableRequest, date: Date) -> Signature {
        let timestamp = AWSDateFormat.amzDate(date)
        let day = String(timestamp.prefix(8))
        let payloadHash = CanonicalRequest.hexSHA256(request.body)

        var signed = request
        signed.headers.append(.init("X-Amz-Date", timestamp))
        if signBody { signed.headers.append(.init("X-Amz-Content-Sha256", payloadHash)) }
        if let token = credentials.sessionToken, !omitSessionToken {
            signed.headers.append(.init("X-Amz-Security-Token", token))
        }

        let canonical = CanonicalRequest(request: signed, payloadHash: payloadHash, normalizePath: normalizePath)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", timestamp, scope, CanonicalRequest.hexSHA256(canonical.text.utf8),
        ].joined(separator: "\n")
        let signature = CanonicalRequest.hex(hmac(key: signingKey(day: day), stringToSign))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"

        var headers = signed.headers
        if let token = credentials.sessionToken, omitSessionToken {
            headers.append(.init("X-Amz-Security-Token", token))
        }
        headers.append(.init("Authorization", authorization))
        return Signature(
            canonicalRequest: canonical.text, stringToSign: stringToSign, signature: signature,
            authorization: authorization, headers: headers)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    func signingKey(day: String) -> [UInt8] {
        var key = hmac(key: Array("AWS4\(credentials.secretAccessKey)".utf8), day)
        key = hmac(key: key, region)
        key = hmac(key: key, service)
        return hmac(key: key, "aws4_request")
    }

    private func hmac(key: [UInt8], _ message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key)))
    }
}
