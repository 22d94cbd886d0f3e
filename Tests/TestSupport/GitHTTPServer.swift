import Foundation

/// A real `git http-backend` behind a small loopback HTTP server that asks for basic auth:
/// every request without the right user and token is answered 401, as a forge does.
public final class GitHTTPServer: @unchecked Sendable {
    public let process: LoopbackProcess
    public let user: String
    public let token: String

    public var port: Int { process.port }

    /// `http://127.0.0.1:port/NAME` for a repository `NAME` under the served folder.
    public func url(_ name: String, credentials: String? = nil) -> String {
        "http://\(credentials.map { "\($0)@" } ?? "")127.0.0.1:\(port)/\(name)"
    }

    /// How many requests were refused for want of the right credentials.
    public var refusals: Int {
        process.log.components(separatedBy: "refused: ").count - 1
    }

    private init(process: LoopbackProcess, user: String, token: String) {
        self.process = process
        self.user = user
        self.token = token
    }

    /// Serves the repositories under `root`, for `user` with `token`. With `readOnlyToken`,
    /// that token may fetch but not push, as a forge's read-only deploy token.
    public static func start(
        serving root: URL, user: String, token: String, readOnlyToken: String = ""
    ) async throws -> GitHTTPServer {
        let python = try await MotoServer.realPythonExecutable()
        let backend = try await ProcessRunner.check(["git", "--exec-path"]).trimmingCharacters(in: .whitespacesAndNewlines) + "/git-http-backend"
        guard FileManager.default.isExecutableFile(atPath: backend) else {
            throw LoopbackProcessError(reason: "\(backend) is missing: install git")
        }
        let port = try freeLoopbackPort()
        let process = try await LoopbackProcess.start(
            "git-http", [python, "-c", script, root.path, user, token, String(port), backend, readOnlyToken], port: port)
        return GitHTTPServer(process: process, user: user, token: token)
    }

    /// The server: checks `Authorization`, runs git http-backend as a CGI program (request
    /// bodies plain or chunked, as libgit2 sends them), relays its answer.
    private static let script = MotoServer.parentWatchdog + """
        import base64, subprocess
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        root, user, token, port, backend, read_only = sys.argv[1:7]
        def basic(secret): return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
        expected = basic(token)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self): self.serve()
            def do_POST(self): self.serve()
            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\\r\\n", b"\\n", b""): pass
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""
            def serve(self):
                body = self.body()
                given = self.headers.get("Authorization")
                reading = "git-receive-pack" not in self.path
                if given != expected and not (read_only and reading and given == basic(read_only)):
                    sys.stderr.write("refused: " + self.command + " " + self.path + "\\n"); sys.stderr.flush()
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="git"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = {"GIT_PROJECT_ROOT": root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path,
                       "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_USER": user,
                       "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                       "CONTENT_LENGTH": str(len(body)), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
                if self.headers.get("Git-Protocol"): env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
                answer = subprocess.run([backend], input=body, env=env, capture_output=True).stdout
                head, _, content = answer.partition(b"\\r\\n\\r\\n")
                status, headers = 200, []
                for line in head.split(b"\\r\\n"):
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "status": status = int(value.split()[0])
                    elif name: headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers: self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            def log_message(self, *args): pass

        ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()
        """
}
