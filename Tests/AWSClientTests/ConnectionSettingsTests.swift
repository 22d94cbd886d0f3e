import AWSClient
import Foundation
import Testing

/// FIPS and dual-stack switches, the IMDS endpoint mode and the CA bundle path, read from the
/// environment first and the profile second, as the SDKs read them.
@Suite("Connection settings from the environment and the profile")
struct ConnectionSettingsTests {
    @Test("FIPS and dual-stack: unset is standard; environment beats the profile", arguments: [
        ([:], [:], EndpointVariant.standard),
        (["AWS_USE_FIPS_ENDPOINT": "true"], [:], .fips),
        (["AWS_USE_DUALSTACK_ENDPOINT": "TRUE"], [:], .dualStack),
        (["AWS_USE_FIPS_ENDPOINT": "True", "AWS_USE_DUALSTACK_ENDPOINT": "true"], [:], .fipsDualStack),
        ([:], ["use_fips_endpoint": "true"], .fips),
        ([:], ["use_fips_endpoint": "true", "use_dualstack_endpoint": "true"], .fipsDualStack),
        (["AWS_USE_FIPS_ENDPOINT": "false"], ["use_fips_endpoint": "true"], .standard),
        (["AWS_USE_FIPS_ENDPOINT": ""], ["use_fips_endpoint": "true"], .fips),
        (["AWS_USE_DUALSTACK_ENDPOINT": "false"], ["use_dualstack_endpoint": "true", "use_fips_endpoint": "false"], .standard),
    ] as [([String: String], [String: String], EndpointVariant)])
    func variant(environment: [String: String], profile: [String: String], expected: EndpointVariant) throws {
        #expect(try ConnectionSettings.resolve(environment: environment, profile: profile).endpointVariant == expected)
    }

    @Test("a switch that is neither true nor false is refused, naming where it came from", arguments: [
        (["AWS_USE_FIPS_ENDPOINT": "yes"], [:], "AWS_USE_FIPS_ENDPOINT=\"yes\": expected true or false"),
        ([:], ["use_dualstack_endpoint": "1"], "use_dualstack_endpoint in the profile=\"1\": expected true or false"),
    ] as [([String: String], [String: String], String)])
    func badSwitch(environment: [String: String], profile: [String: String], message: String) {
        let error = #expect(throws: SettingError.self) {
            try ConnectionSettings.resolve(environment: environment, profile: profile)
        }
        #expect(error.map(String.init(describing:)) == message)
    }

    @Test("IMDS: IPv4 by default, IPv6 mode uses fd00:ec2::254, an explicit endpoint wins", arguments: [
        ([:], [:], "http://169.254.169.254"),
        (["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"], [:], "http://[fd00:ec2::254]"),
        (["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "ipv4"], ["ec2_metadata_service_endpoint_mode": "IPv6"], "http://169.254.169.254"),
        ([:], ["ec2_metadata_service_endpoint_mode": "IPv6"], "http://[fd00:ec2::254]"),
        (["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://[::1]:8080/"], [:],
         "http://[::1]:8080"),
        ([:], ["ec2_metadata_service_endpoint": "http://127.0.0.1:1338"], "http://127.0.0.1:1338"),
    ] as [([String: String], [String: String], String)])
    func metadataEndpoint(environment: [String: String], profile: [String: String], expected: String) throws {
        #expect(try ConnectionSettings.resolve(environment: environment, profile: profile).instanceMetadataEndpoint == expected)
    }

    @Test("the IMDS provider itself follows the mode, and a bad mode is an error", arguments: [
        ("IPv6", "http://[fd00:ec2::254]"), ("IPV4", "http://169.254.169.254"),
    ])
    func providerMode(mode: String, expected: String) throws {
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": mode], httpClient: .shared)
        #expect(try provider.endpoint() == expected)
    }

    @Test("a bad IMDS mode or endpoint is refused, even beside an explicit endpoint")
    func badMetadataSettings() async throws {
        let error = #expect(throws: SettingError.self) {
            try ConnectionSettings.resolve(environment: [
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "ipv5", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9",
            ])
        }
        #expect(error.map(String.init(describing:)) == "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=\"ipv5\": expected IPv4 or IPv6")
        #expect(throws: SettingError.self) {
            try ConnectionSettings.resolve(environment: [:], profile: ["ec2_metadata_service_endpoint": "169.254.169.254"])
        }
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "v6"], httpClient: .shared)
        let failure = await #expect(throws: CredentialProviderError.self) { try await provider.resolve() }
        #expect(failure?.kind == .failed)
    }

    @Test("AWS_CA_BUNDLE and ca_bundle: a missing, unreadable or non-PEM file is an error naming it")
    func caBundleErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-ca-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.pem").path
        let notPEM = folder.appendingPathComponent("notes.txt")
        try Data("not a certificate\n".utf8).write(to: notPEM)

        let absent = #expect(throws: CABundleError.self) {
            try ConnectionSettings.resolve(environment: ["AWS_CA_BUNDLE": missing])
        }
        #expect(absent.map(String.init(describing:)) == "AWS_CA_BUNDLE \(missing): does not exist")
        let fromProfile = #expect(throws: CABundleError.self) {
            try ConnectionSettings.resolve(environment: [:], profile: ["ca_bundle": notPEM.path])
        }
        #expect(fromProfile?.source == "ca_bundle in the profile")
        #expect(fromProfile?.path == notPEM.path)
        // A folder exists but cannot be read as a file.
        let unreadable = #expect(throws: CABundleError.self) {
            try ConnectionSettings.resolve(environment: ["AWS_CA_BUNDLE": folder.path])
        }
        #expect(unreadable?.reason == "cannot be read")
    }
}
