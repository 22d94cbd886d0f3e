import Foundation

/// How to reach AWS beyond region and credentials, read as the SDKs read it: the environment
/// first, then the profile's keys in the shared config files. Parsed once when a session
/// starts, so a bad value stops the run before any request.
///
/// | setting | environment | profile key |
/// | --- | --- | --- |
/// | FIPS endpoints | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` |
/// | dual-stack endpoints | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` |
/// | trusted CAs | `AWS_CA_BUNDLE` | `ca_bundle` |
/// | instance metadata | `AWS_EC2_METADATA_SERVICE_ENDPOINT`, `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` | `ec2_metadata_service_endpoint`, `ec2_metadata_service_endpoint_mode` |
/// | proxies | `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` (and lower-case) | — |
public struct ConnectionSettings: Sendable, Hashable {
    public var endpointVariant: EndpointVariant
    public var proxies: ProxySettings
    public var caBundle: CABundle?
    /// The instance metadata service's base URL, without a trailing slash.
    public var instanceMetadataEndpoint: String

    public init(
        endpointVariant: EndpointVariant = .standard, proxies: ProxySettings = ProxySettings(), caBundle: CABundle? = nil,
        instanceMetadataEndpoint: String = InstanceMetadataCredentialProvider.defaultEndpoint
    ) {
        self.endpointVariant = endpointVariant
        self.proxies = proxies
        self.caBundle = caBundle
        self.instanceMetadataEndpoint = instanceMetadataEndpoint
    }

    /// The settings of `environment` and `profile` (the selected profile's keys, lower-cased).
    public static func resolve(environment: [String: String], profile: [String: String] = [:]) throws -> ConnectionSettings {
        let lookup = SettingLookup(environment: environment, profile: profile)
        let fips = try lookup.boolean("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")
        let dualStack = try lookup.boolean("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")
        return ConnectionSettings(
            endpointVariant: EndpointVariant(fips: fips, dualStack: dualStack),
            proxies: try ProxySettings.from(environment: environment),
            caBundle: try lookup.value("AWS_CA_BUNDLE", "ca_bundle").map { try CABundle.load(path: $0.value, source: $0.source) },
            instanceMetadataEndpoint: try instanceMetadataEndpoint(lookup))
    }

    /// The IMDS base URL: an explicit endpoint wins; else the mode picks the IPv4 or IPv6
    /// link-local address. A mode other than IPv4 or IPv6 is an error even then, as in botocore.
    static func instanceMetadataEndpoint(_ lookup: SettingLookup) throws(SettingError) -> String {
        var ipv6 = false
        if let mode = lookup.value("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode") {
            switch mode.value.lowercased() {
            case "ipv4": ipv6 = false
            case "ipv6": ipv6 = true
            default: throw SettingError(name: mode.source, value: mode.value, expected: "IPv4 or IPv6")
            }
        }
        if let explicit = lookup.value("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            guard let url = URLComponents(string: explicit.value), ["http", "https"].contains(url.scheme?.lowercased()),
                  url.host?.isEmpty == false
            else { throw SettingError(name: explicit.source, value: explicit.value, expected: "an http:// or https:// URL") }
            var endpoint = explicit.value
            while endpoint.hasSuffix("/") { endpoint.removeLast() }
            return endpoint
        }
        return ipv6 ? InstanceMetadataCredentialProvider.defaultIPv6Endpoint : InstanceMetadataCredentialProvider.defaultEndpoint
    }
}

/// An environment variable, else the profile's key; each value with where it came from.
struct SettingLookup {
    var environment: [String: String]
    var profile: [String: String]

    func value(_ variable: String, _ key: String) -> (value: String, source: String)? {
        if let value = environment.environmentValue(variable) { return (value, variable) }
        if let value = profile[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
            return (value, "\(key) in the profile")
        }
        return nil
    }

    /// `true` or `false` in any case; anything else is refused rather than read as false (a
    /// typo must not quietly turn FIPS off).
    func boolean(_ variable: String, _ key: String) throws -> Bool {
        guard let found = value(variable, key) else { return false }
        switch found.value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw SettingError(name: found.source, value: found.value, expected: "true or false")
        }
    }
}

/// A setting with a value rolesync cannot use.
public struct SettingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The variable, or `key in the profile`.
    public var name: String
    /// The value as given, any password left out.
    public var value: String
    public var expected: String

    public init(name: String, value: String, expected: String) {
        self.name = name
        self.value = value
        self.expected = expected
    }

    public var description: String { "\(name)=\"\(value)\": expected \(expected)" }
}
