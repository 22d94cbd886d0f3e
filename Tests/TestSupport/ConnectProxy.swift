import Foundation

/// An HTTP CONNECT proxy on loopback (Python's standard library), counting the tunnels it
/// opens. With `user` and `password` it answers 407 to a CONNECT without the matching basic
/// `Proxy-Authorization`, as a corporate proxy does.
public final class ConnectProxy: @unchecked Sendable {
    public let process: LoopbackProcess

    public var port: Int { process.port }
    /// `http://127.0.0.1:PORT`, with `user:password@` when given.
    public func url(credentials: String? = nil) -> String {
        "http://\(credentials.map { "\($0)@" } ?? "")127.0.0.1:\(port)"
    }

    /// The `host:port` of every tunnel opened so far, in order.
    public var tunnels: [String] { lines(after: "CONNECT ") }
    /// The targets of CONNECT requests refused for want of the right credentials.
    public var refusals: [String] { lines(after: "refused ") }
    /// Requests other than CONNECT (this proxy only tunnels).
    public var otherRequests: [String] { lines(after: "other ") }

    private func lines(after prefix: String) -> [String] {
        process.log.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    private init(process: LoopbackProcess) {
        self.process = process
    }

    public static func start(user: String? = nil, password: String? = nil) async throws -> ConnectProxy {
        let python = try await MotoServer.realPythonExecutable()
        let port = try freeLoopbackPort()
        let expected = user.map { "\($0):\(password ?? "")" } ?? ""
        let process = try await LoopbackProcess.start(
            "connect-proxy", [python, "-c", script, String(port), expected], port: port)
        return ConnectProxy(process: process)
    }

    public func stop() { process.stop() }

    private static let script = MotoServer.parentWatchdog + """
        import base64, select, socket, socketserver
        port, expected = int(sys.argv[1]), sys.argv[2]
        wanted = "Basic " + base64.b64encode(expected.encode()).decode() if expected else None

        def log(line):
            sys.stderr.write(line + "\\n"); sys.stderr.flush()

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                request = self.rfile.readline().decode("latin-1").strip()
                if not request:
                    return  # a bare connection, such as the readiness check
                headers = {}
                while True:
                    line = self.rfile.readline().decode("latin-1")
                    if line in ("\\r\\n", "\\n", ""):
                        break
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                method, _, rest = request.partition(" ")
                target = rest.split(" ")[0]
                if method != "CONNECT":
                    log("other " + request)
                    self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n")
                    return
                if wanted and headers.get("proxy-authorization") != wanted:
                    log("refused " + target)
                    self.wfile.write(b"HTTP/1.1 407 Proxy Authentication Required\\r\\n"
                                     b"Proxy-Authenticate: Basic realm=\\"proxy\\"\\r\\nContent-Length: 0\\r\\n\\r\\n")
                    return
                host, _, target_port = target.rpartition(":")
                try:
                    upstream = socket.create_connection((host.strip("[]"), int(target_port)), timeout=10)
                except OSError as error:
                    log("unreachable " + target + " " + str(error))
                    self.wfile.write(b"HTTP/1.1 502 Bad Gateway\\r\\nContent-Length: 0\\r\\n\\r\\n")
                    return
                log("CONNECT " + target)
                self.wfile.write(b"HTTP/1.1 200 Connection Established\\r\\n\\r\\n")
                self.wfile.flush()
                client = self.connection
                sockets = [client, upstream]
                try:
                    while True:
                        readable, _, _ = select.select(sockets, [], [], 30)
                        if not readable:
                            break
                        for source in readable:
                            data = source.recv(65536)
                            if not data:
                                return
                            (upstream if source is client else client).sendall(data)
                finally:
                    upstream.close()

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        Server(("127.0.0.1", port), Handler).serve_forever()
        """
}
