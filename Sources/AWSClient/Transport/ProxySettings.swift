import AsyncHTTPClient
import Foundation

/// The HTTP proxies AWS requests go through, from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
/// (lower-case forms win, as in Python and curl). The metadata endpoints never use them: the
/// credential providers have their own HTTP client without a proxy, as the SDKs do.
public struct ProxySettings: Sendable, Hashable {
    /// For `http://` endpoints.
    public var http: ProxyServer?
    /// For `https://` endpoints: the proxy sees a CONNECT to the host, the request stays TLS.
    public var https: ProxyServer?
    public var noProxy: NoProxyList

    public init(http: ProxyServer? = nil, https: ProxyServer? = nil, noProxy: NoProxyList = NoProxyList("")) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    /// Reads the variables; a proxy URL rolesync cannot use is an error naming the variable.
    public static func from(environment: [String: String]) throws -> ProxySettings {
        func value(_ name: String) -> (name: String, value: String)? {
            for candidate in [name.lowercased(), name] {
                if let value = environment.environmentValue(candidate) { return (candidate, value) }
            }
            return nil
        }
        return ProxySettings(
            http: try value("HTTP_PROXY").map { try ProxyServer(parsing: $0.value, variable: $0.name) },
            https: try value("HTTPS_PROXY").map { try ProxyServer(parsing: $0.value, variable: $0.name) },
            noProxy: NoProxyList(value("NO_PROXY")?.value ?? ""))
    }

    /// The proxy a request to `url` goes through, nil for a direct connection.
    public func proxy(for url: URL) -> ProxyServer? {
        let scheme = url.scheme?.lowercased()
        guard let server = scheme == "https" ? https : scheme == "http" ? http : nil, let host = url.host else {
            return nil
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return noProxy.bypasses(host: host, port: port) ? nil : server
    }

    /// Every distinct proxy configured.
    var servers: Set<ProxyServer> { Set([http, https].compactMap { $0 }) }
}

/// An HTTP proxy (CONNECT tunnels), optionally with basic proxy authentication. Its
/// description never shows the password.
public struct ProxyServer: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String?
    var password: String?

    public init(host: String, port: Int, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
    }

    /// `http://[user[:password]@]host[:port]`, the scheme optional, port 80 by default.
    public init(parsing text: String, variable: String) throws {
        let withScheme = text.contains("://") ? text : "http://" + text
        let shown = ProxyServer.redacted(withScheme)
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            throw SettingError(name: variable, value: shown, expected: "a proxy URL such as http://proxy.example:3128")
        }
        guard components.scheme?.lowercased() == "http" else {
            throw SettingError(
                name: variable, value: shown,
                expected: "an http:// proxy (requests to AWS stay TLS inside its CONNECT tunnel); other schemes are not supported")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil else {
            throw SettingError(name: variable, value: shown, expected: "a proxy URL without a path or query")
        }
        self.init(
            host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: components.port ?? 80,
            user: components.user.flatMap { $0.isEmpty ? nil : $0 }, password: components.password)
    }

    /// `http://user@host:port`: the password left out.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(user.map { "\($0)@" } ?? "")\(shownHost):\(port)"
    }

    var clientProxy: HTTPClient.Configuration.Proxy {
        .server(
            host: host, port: port,
            authorization: user.map { .basic(username: $0, password: password ?? "") })
    }

    /// A proxy URL as text with any password replaced, for error messages.
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

/// `NO_PROXY`: hosts reached directly. A comma-separated list of host names, domains and IP
/// addresses, each optionally with `:port`; `*` alone bypasses the proxy for everything. A
/// name matches itself and every name under it (`example.com` and `.example.com` both match
/// `ec2.example.com` and `example.com`, as in Python and curl); an entry with a port matches
/// only that port (the scheme's default when the URL has none).
public struct NoProxyList: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var host: String
        var port: Int?
    }

    public let text: String
    let matchesEverything: Bool
    let entries: [Entry]

    public init(_ text: String) {
        self.text = text
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        matchesEverything = items.contains("*")
        entries = items.compactMap(Self.entry)
    }

    static func entry(_ item: String) -> Entry? {
        var host = item
        var port: Int?
        if host.hasPrefix("[") {
            // `[fd00::1]` or `[fd00::1]:8080`
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":") { port = Int(rest.dropFirst()) }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            port = Int(host[host.index(after: colon)...])
            guard port != nil else { return nil }
            host = String(host[..<colon])
        }
        while host.hasPrefix("*.") { host.removeFirst(2) }
        while host.hasPrefix(".") { host.removeFirst() }
        return host.isEmpty ? nil : Entry(host: host, port: port)
    }

    /// Whether a request to `host` on `port` skips the proxy.
    public func bypasses(host: String, port: Int) -> Bool {
        if matchesEverything { return true }
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return entries.contains { entry in
            (entry.port == nil || entry.port == port) && (name == entry.host || name.hasSuffix("." + entry.host))
        }
    }
}
