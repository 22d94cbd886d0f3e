import AWSClient
import AsyncHTTPClient
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// IMDS in IPv6 mode: the link-local IPv6 address by default, an explicit endpoint over it.
@Suite("Instance metadata over IPv6")
struct CredentialMetadataIPv6Tests {
    /// Whether this machine can listen on `::1` (a container without IPv6 cannot: the test then fails saying so).
    static let ipv6LoopbackUsable: Bool = {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        } == 0
    }()

    @Test("IPv6 mode without an endpoint goes to http://[fd00:ec2::254]")
    func defaultIPv6Endpoint() throws {
        let settings = try ConnectionSettings.resolve(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"])
        #expect(settings.instanceMetadataEndpoint == "http://[fd00:ec2::254]")
        let provider = InstanceMetadataCredentialProvider(
            environment: [:], httpClient: .shared, endpoint: settings.instanceMetadataEndpoint)
        #expect(try provider.endpoint() == InstanceMetadataCredentialProvider.defaultIPv6Endpoint)
    }

    @Test("IPv6 mode with an explicit endpoint on [::1]: the credentials come from there")
    func explicitIPv6Endpoint() async throws {
        // No silent skip: without IPv6 loopback this test cannot show anything, so it fails and says so.
        try #require(Self.ipv6LoopbackUsable, "IPv6 loopback (::1) cannot be bound on this machine: the IPv6 IMDS test needs it")
        let server = try await CredentialMetadataTests.startIMDS(host: "::1")
        let environment = [
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL,
        ]
        let settings = try ConnectionSettings.resolve(environment: environment)
        #expect(settings.instanceMetadataEndpoint == "http://[::1]:\(server.port)")
        let provider = InstanceMetadataCredentialProvider(
            environment: environment, httpClient: .shared, timeout: MetadataFixtures.loopbackTimeout,
            endpoint: settings.instanceMetadataEndpoint)
        let resolved = try await provider.resolve()
        try await server.stop()
        #expect(resolved.source == "imds")
        #expect(resolved.credentials.accessKeyId == "ASIAIMDS000000000001")
        #expect(server.requests.count == 3)
    }
}
