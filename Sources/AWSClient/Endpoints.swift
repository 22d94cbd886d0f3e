import Foundation

/// The AWS services rolesync calls, with their Query API version and signing name.
public enum AWSService: String, Sendable, Hashable, CaseIterable {
    case ec2, iam, sts

    public var apiVersion: String {
        switch self {
        case .ec2: "2016-11-15"
        case .iam: "2010-05-08"
        case .sts: "2011-06-15"
        }
    }

    /// The suffix of the per-service endpoint variable (`AWS_ENDPOINT_URL_EC2`).
    var environmentSuffix: String { rawValue.uppercased() }
}

/// Where one service's requests go and how they are signed.
public struct ServiceEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var service: AWSService
    /// Scheme, host, optional port and optional path, e.g. `https://ec2.us-east-1.amazonaws.com`.
    public var url: URL
    /// The region of the SigV4 credential scope.
    public var signingRegion: String

    public init(service: AWSService, url: URL, signingRegion: String) {
        self.service = service
        self.url = url
        self.signingRegion = signingRegion
    }

    /// The `Host` header value: the host plus the port when it is not the scheme's default.
    public var hostHeader: String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let isDefault = (url.scheme == "https" && port == 443) || (url.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }

    /// The path requests are posted to (`/` unless the endpoint URL has one).
    public var path: String { url.path.isEmpty ? "/" : url.path }

    public var description: String { "\(service.rawValue) at \(url.absoluteString) (signing \(signingRegion))" }
}

public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public var reason: String
    public var description: String { "invalid endpoint URL \"\(value)\": \(reason)" }
}

/// Resolves endpoints the way the AWS SDKs do: an explicit URL (`--endpoint-url`) wins, then
/// `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the public endpoint. The
/// environment is a parameter so configuration flows one way.
public struct EndpointResolver: Sendable, Equatable {
    public var explicitURL: String?
    public var environment: [String: String]

    public init(explicitURL: String? = nil, environment: [String: String] = [:]) {
        self.explicitURL = explicitURL
        self.environment = environment
    }

    /// The endpoint of `service` for `region`. The region is checked first (spelling and
    /// partition, `RegionError`), so a malformed one is an error, never a broken URL.
    public func endpoint(for service: AWSService, region: String) throws -> ServiceEndpoint {
        let partition = try Partition.of(region: region)
        let signingRegion = Self.signingRegion(for: service, region: region, in: partition)
        let override = [explicitURL, environment["AWS_ENDPOINT_URL_\(service.environmentSuffix)"],
                        environment["AWS_ENDPOINT_URL"]]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
        if let override {
            return ServiceEndpoint(service: service, url: try Self.validate(override), signingRegion: signingRegion)
        }
        return ServiceEndpoint(
            service: service, url: try Self.validate(Self.defaultURL(for: service, region: region, in: partition)),
            signingRegion: signingRegion)
    }

    /// IAM is global: one endpoint per partition, signed in the partition's IAM region.
    static func signingRegion(for service: AWSService, region: String, in partition: Partition) -> String {
        service == .iam ? partition.iamSigningRegion : region
    }

    /// `https://<service>.<region>.<dnsSuffix>` for the regional services (STS regional
    /// endpoints, as the SDKs now default to), the partition's global host for IAM.
    static func defaultURL(for service: AWSService, region: String, in partition: Partition) -> String {
        switch service {
        case .iam: "https://\(partition.iamHost)"
        case .ec2, .sts: "https://\(service.rawValue).\(region).\(partition.dnsSuffix)"
        }
    }

    static func validate(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw EndpointError(value: text, reason: "not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw EndpointError(value: text, reason: "scheme must be http or https")
        }
        guard let host = url.host, !host.isEmpty else {
            throw EndpointError(value: text, reason: "no host")
        }
        guard url.query == nil else {
            throw EndpointError(value: text, reason: "must not carry a query")
        }
        return url
    }
}
