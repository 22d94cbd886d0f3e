import Foundation
import GitStore
import Testing
import TestSupport

@Suite struct RemoteAddressTests {
    @Test(arguments: [
        ("ssh://git@example.com:2222/org/repo.git", RemoteAddress.Transport.ssh, "git", "example.com", 2222, "[example.com]:2222"),
        ("ssh://git@example.com/org/repo.git", .ssh, "git", "example.com", nil, "example.com"),
        ("git@github.com:org/repo.git", .ssh, "git", "github.com", nil, "github.com"),
        ("https://github.com/org/repo.git", .https, nil, "github.com", nil, "github.com"),
        ("http://127.0.0.1:8080/repo", .http, nil, "127.0.0.1", 8080, "[127.0.0.1]:8080"),
        ("ssh://git@[::1]:22/repo", .ssh, "git", "::1", 22, "::1"),
    ] as [(String, RemoteAddress.Transport, String?, String, Int?, String)])
    func parsesTheParts(url: String, transport: RemoteAddress.Transport, user: String?, host: String, port: Int?, knownHostsName: String) throws {
        let address = try #require(RemoteAddress(parsing: url))
        #expect(address.transport == transport)
        #expect(address.user == user)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.knownHostsName == knownHostsName)
        #expect(address.url == url)
        #expect(address.password == nil)
    }

    @Test func aPasswordIsTakenOutOfTheAddress() throws {
        let address = try #require(RemoteAddress(parsing: "https://ci:s%40cret@gitlab.example.com/group/repo.git"))
        #expect(address.url == "https://gitlab.example.com/group/repo.git")
        #expect(address.user == "ci")
        #expect(address.password?.revealed == "s@cret")
        #expect("\(address)" == "https://gitlab.example.com/group/repo.git")
        #expect(RemoteAddress(parsing: "https://ghp_token@github.com/o/r.git")?.url == "https://github.com/o/r.git")
        #expect("\(address.password!)" == "<redacted>")
        let file = try #require(RemoteAddress(parsing: "file://user:pw@/srv/repo.git"))
        #expect(file.url == "file://user@/srv/repo.git")
    }

    @Test func localPathsAreNotAddresses() {
        #expect(RemoteAddress(parsing: "/srv/desired-state") == nil)
        #expect(RemoteAddress(parsing: "relative/path:with-colon") == nil)
    }
}

@Suite struct KnownHostsTests {
    static let key = Array(Data(base64Encoded: "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")!)
    static let other = Array(Data(base64Encoded: "AAAAC3NzaC1lZDI1NTE5AAAAIBBBqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")!)
    static let keyText = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

    @Test func plainWildcardNegatedAndPortNames() throws {
        let file = try KnownHostsFile.write("""
            # comment
            git.example.com,10.0.0.1 \(Self.keyText)
            *.corp.example,!bad.corp.example \(Self.keyText)
            [git.example.com]:2222 \(Self.keyText) port
            """)
        let hosts = try KnownHosts.load(file)
        #expect(hosts.verdict(host: "git.example.com", key: Self.key) == .trusted(line: 2))
        #expect(hosts.verdict(host: "GIT.example.com", key: Self.key) == .trusted(line: 2))
        #expect(hosts.verdict(host: "a.corp.example", key: Self.key) == .trusted(line: 3))
        #expect(hosts.verdict(host: "bad.corp.example", key: Self.key) == .unknown)
        #expect(hosts.verdict(host: "[git.example.com]:2222", key: Self.key) == .trusted(line: 4))
        #expect(hosts.verdict(host: "[git.example.com]:2223", key: Self.key) == .unknown)
        #expect(hosts.verdict(host: "git.example.com", key: Self.other) == .mismatch(lines: [2]))
    }

    @Test func hashedNamesAsSSHKeygenWritesThem() async throws {
        let plain = try KnownHostsFile.write("[127.0.0.1]:2200 \(Self.keyText)\n")
        try await ProcessRunner.check(["ssh-keygen", "-H", "-f", plain])
        let hashed = try String(contentsOfFile: plain, encoding: .utf8)
        #expect(hashed.hasPrefix("|1|"))
        let hosts = try KnownHosts.load(plain)
        #expect(hosts.verdict(host: "[127.0.0.1]:2200", key: Self.key) == .trusted(line: 2) || hosts.verdict(host: "[127.0.0.1]:2200", key: Self.key) == .trusted(line: 1))
        #expect(hosts.verdict(host: "127.0.0.1", key: Self.key) == .unknown)
    }

    @Test func revokedKeysAreRefusedEvenWhenListed() throws {
        let file = try KnownHostsFile.write("""
            git.example.com \(Self.keyText)
            @revoked * \(Self.keyText)
            """)
        #expect(try KnownHosts.load(file).verdict(host: "git.example.com", key: Self.key) == .revoked(line: 2))
    }

    @Test func fingerprintsMatchOpenSSH() async throws {
        let file = try KnownHostsFile.write(Self.keyText + " test\n")
        let line = try await ProcessRunner.check(["ssh-keygen", "-l", "-E", "sha256", "-f", file])
        #expect(line.contains(KnownHosts.fingerprint(of: Self.key)))
        #expect(KnownHosts.keyType(of: Self.key) == "ssh-ed25519")
    }

    @Test func aMissingFileIsAnErrorNamingIt() {
        #expect(throws: KnownHostsError.self) { try KnownHosts.load("/nonexistent/known_hosts") }
    }
}

/// Known-hosts texts written to temporary files.
enum KnownHostsFile {
    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-known-hosts-\(UUID().uuidString.prefix(8))")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
