import Foundation

/// The AWS services rolesync calls, with their API version and signing name (the raw value,
/// also the first label of the public host). EC2, IAM, STS and Auto Scaling speak the Query
/// protocol; Organizations JSON 1.1, DynamoDB (the lease table) and SQS (the events queue)
/// JSON 1.0 (see `JSONRequest`).
public enum AWSService: String, Sendable, Hashable, CaseIterable {
    case ec2, iam, sts, organizations, dynamodb, autoscaling, sqs

    public var apiVersion: String {
        switch self {
        case .ec2: "2016-11-15"
        case .iam: "2010-05-08"
        case .sts: "2011-06-15"
        case .organizations: "2016-11-28"
        case .dynamodb: "2012-08-10"
        case .autoscaling: "2011-01-01"
        case .sqs: "2012-11-05"
        }
    }

    /// The suffix of the per-service endpoint variable (`AWS_ENDPOINT_URL_EC2`): the SDKs build it
    /// from the service id, which for Auto Scaling is `Auto Scaling`.
    var environmentSuffix: String {
        self == .autoscaling ? "AUTO_SCALING" : rawValue.uppercased()
    }
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
/// `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the public endpoint of the
/// chosen variant (FIPS, dual-stack). The environment is a parameter so configuration flows one way.
public struct EndpointResolver: Sendable, Equatable {
    public var explicitURL: String?
    public var environment: [String: String]
    /// Which public endpoints to use (`AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`);
    /// an endpoint URL given explicitly or in the environment is used as it is.
    public var variant: EndpointVariant

    public init(explicitURL: String? = nil, environment: [String: String] = [:], variant: EndpointVariant = .standard) {
        self.explicitURL = explicitURL
        self.environment = environment
        self.variant = variant
    }

    /// The endpoint of `service` for `region`. The region is checked first (spelling and
    /// partition, `RegionError`), so a malformed one is an error, never a broken URL; a variant
    /// the partition lacks is `EndpointUnavailableError`, before any request.
    public func endpoint(for service: AWSService, region: String) throws -> ServiceEndpoint {
        let partition = try Partition.of(region: region)
        let override = [explicitURL, environment["AWS_ENDPOINT_URL_\(service.environmentSuffix)"],
                        environment["AWS_ENDPOINT_URL"]]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
        if let override {
            let signingRegion = try Self.publicEndpoint(for: service, region: region, in: partition, variant: .standard)
                .signingRegion
            return ServiceEndpoint(service: service, url: try Self.validate(override), signingRegion: signingRegion)
        }
        let (host, signingRegion) = try Self.publicEndpoint(for: service, region: region, in: partition, variant: variant)
        return ServiceEndpoint(service: service, url: try Self.validate("https://\(host)"), signingRegion: signingRegion)
    }

    /// The rule sets' public host and signing region. EC2, STS, DynamoDB, Auto Scaling and SQS are
    /// regional (`<service>[-fips].<region>.<suffix>`, STS regional as the SDKs now default to;
    /// Auto Scaling's rule set has the same shape as EC2's); IAM has its partition's one endpoint
    /// per variant. Organizations has one endpoint per partition too, of the variants
    /// `endpoints.json` models (standard everywhere, FIPS in aws and aws-us-gov); others are
    /// refused rather than guessed.
    static func publicEndpoint(
        for service: AWSService, region: String, in partition: Partition, variant: EndpointVariant
    ) throws -> (host: String, signingRegion: String) {
        guard partition.offers(variant) else {
            throw EndpointUnavailableError(service: service, region: region, partition: partition.id, variant: variant)
        }
        switch service {
        case .iam, .organizations:
            let table = service == .iam ? partition.iamEndpoints : partition.organizationsEndpoints
            guard let global = table[variant] else {
                throw EndpointUnavailableError(service: service, region: region, partition: partition.id, variant: variant)
            }
            return (global.host, global.signingRegion)
        case .ec2, .sts, .dynamodb, .autoscaling, .sqs:
            // In aws-us-gov FIPS without dual-stack is the ordinary host, as the rule sets say.
            let fipsHost = variant.usesFIPS && !(variant == .fips && partition.fipsUsesStandardRegionalHost)
            let name = fipsHost ? "\(service.rawValue)-fips" : service.rawValue
            let suffix = variant.usesDualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix
            return ("\(name).\(region).\(suffix)", region)
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

/// Which of a service's public endpoints to use: FIPS 140-validated, dual-stack (IPv4 and
/// IPv6), both, or neither.
public struct EndpointVariant: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    public var usesFIPS: Bool
    public var usesDualStack: Bool

    public init(fips: Bool, dualStack: Bool) {
        usesFIPS = fips
        usesDualStack = dualStack
    }

    public static let standard = EndpointVariant(fips: false, dualStack: false)
    public static let fips = EndpointVariant(fips: true, dualStack: false)
    public static let dualStack = EndpointVariant(fips: false, dualStack: true)
    public static let fipsDualStack = EndpointVariant(fips: true, dualStack: true)
    public static let allCases: [EndpointVariant] = [.standard, .fips, .dualStack, .fipsDualStack]

    public var description: String {
        switch (usesFIPS, usesDualStack) {
        case (false, false): "standard"
        case (true, false): "FIPS"
        case (false, true): "dual-stack"
        case (true, true): "FIPS dual-stack"
        }
    }
}

/// A service has no public endpoint of the chosen variant in a region's partition.
public struct EndpointUnavailableError: Error, Sendable, Equatable, CustomStringConvertible {
    public var service: AWSService
    public var region: String
    public var partition: String
    public var variant: EndpointVariant

    public init(service: AWSService, region: String, partition: String, variant: EndpointVariant) {
        self.service = service
        self.region = region
        self.partition = partition
        self.variant = variant
    }

    public var description: String {
        // Name only the switches the partition cannot honour.
        let row = Partition.all.first { $0.id == partition }
        var settings: [String] = []
        if variant.usesFIPS, row?.hasFIPSEndpoints != true { settings.append("AWS_USE_FIPS_ENDPOINT (use_fips_endpoint)") }
        if variant.usesDualStack, row?.hasDualStackEndpoints != true {
            settings.append("AWS_USE_DUALSTACK_ENDPOINT (use_dualstack_endpoint)")
        }
        // The partition has the variant, this service does not (Organizations' dual-stack).
        if settings.isEmpty {
            if variant.usesFIPS { settings.append("AWS_USE_FIPS_ENDPOINT (use_fips_endpoint)") }
            if variant.usesDualStack { settings.append("AWS_USE_DUALSTACK_ENDPOINT (use_dualstack_endpoint)") }
        }
        return "no \(variant) endpoint for \(service.rawValue) in \(region): partition \(partition) has none; "
            + "turn off \(settings.joined(separator: " or ")), or name the endpoint with --endpoint-url or "
            + "AWS_ENDPOINT_URL_\(service.environmentSuffix)"
    }
}
