import AWSClient
import Foundation
import Testing

/// Which requests go through which proxy: the variables, NO_PROXY matching, proxy URLs.
@Suite("Proxy settings and NO_PROXY")
struct ProxySettingsTests {
    @Test("NO_PROXY matching", arguments: [
        ("*", "ec2.us-east-1.amazonaws.com", 443, true),
        ("amazonaws.com", "ec2.us-east-1.amazonaws.com", 443, true),
        (".amazonaws.com", "ec2.us-east-1.amazonaws.com", 443, true),
        (".amazonaws.com", "amazonaws.com", 443, true),
        ("*.amazonaws.com", "sts.amazonaws.com", 443, true),
        ("amazonaws.com", "notamazonaws.com", 443, false),
        ("ec2.us-east-1.amazonaws.com", "sts.us-east-1.amazonaws.com", 443, false),
        ("example.com, EC2.US-EAST-1.amazonaws.com", "ec2.us-east-1.amazonaws.com", 443, true),
        ("127.0.0.1", "127.0.0.1", 5000, true),
        ("127.0.0.1:5000", "127.0.0.1", 5000, true),
        ("127.0.0.1:5001", "127.0.0.1", 5000, false),
        ("amazonaws.com:443", "iam.amazonaws.com", 443, true),
        ("amazonaws.com:8443", "iam.amazonaws.com", 443, false),
        ("::1", "::1", 80, true),
        ("[::1]:8080", "[::1]", 8080, true),
        ("[::1]:8080", "::1", 80, false),
        ("", "ec2.us-east-1.amazonaws.com", 443, false),
        (" , ,", "ec2.us-east-1.amazonaws.com", 443, false),
        ("10.0.0.1", "10.0.0.10", 443, false),
    ])
    func noProxy(list: String, host: String, port: Int, bypasses: Bool) {
        #expect(NoProxyList(list).bypasses(host: host, port: port) == bypasses)
    }

    @Test("https endpoints use HTTPS_PROXY, http ones HTTP_PROXY; lower-case names win; NO_PROXY bypasses")
    func selection() throws {
        let settings = try ProxySettings.from(environment: [
            "HTTPS_PROXY": "http://upper.example:3128", "https_proxy": "lower.example:8080",
            "HTTP_PROXY": "http://plain.example", "NO_PROXY": ".internal.example,127.0.0.1",
        ])
        #expect(settings.proxy(for: URL(string: "https://ec2.us-east-1.amazonaws.com")!)
            == ProxyServer(host: "lower.example", port: 8080))
        #expect(settings.proxy(for: URL(string: "http://moto.example:5000")!) == ProxyServer(host: "plain.example", port: 80))
        #expect(settings.proxy(for: URL(string: "https://sts.internal.example")!) == nil)
        #expect(settings.proxy(for: URL(string: "http://127.0.0.1:5000")!) == nil)
        let httpsOnly = try ProxySettings.from(environment: ["HTTPS_PROXY": "http://p:1"])
        #expect(httpsOnly.proxy(for: URL(string: "http://127.0.0.1:5000")!) == nil)
        #expect(try ProxySettings.from(environment: [:]) == ProxySettings())
    }

    @Test("a proxy with user and password: basic auth, and the password never shown")
    func credentials() throws {
        let server = try ProxyServer(parsing: "http://ops%2Bci:s3cr%3At@proxy.corp:3128/", variable: "HTTPS_PROXY")
        #expect(server.host == "proxy.corp")
        #expect(server.port == 3128)
        #expect(server.user == "ops+ci")
        #expect(server.description == "http://ops+ci@proxy.corp:3128")
        #expect(!"\(server)".contains("s3cr"))
    }

    @Test("proxy URLs rolesync cannot use are refused without showing the password", arguments: [
        "https://user:hunter2@proxy.corp:443", "socks5://user:hunter2@proxy.corp:1080", "http://user:hunter2@",
        "http://user:hunter2@proxy.corp:3128/path",
    ])
    func refused(text: String) throws {
        let error = #expect(throws: SettingError.self) {
            try ProxySettings.from(environment: ["HTTPS_PROXY": text])
        }
        let message = String(describing: try #require(error))
        #expect(message.hasPrefix("HTTPS_PROXY="))
        #expect(!message.contains("hunter2"), "\(message)")
    }
}
