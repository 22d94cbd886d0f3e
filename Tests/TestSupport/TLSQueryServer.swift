import Foundation

/// An HTTPS server on 127.0.0.1 (Python's `ssl`) with a self-signed certificate made by
/// `openssl req -x509` for this run, answering every POST with an STS GetCallerIdentity
/// result: enough for a signed Query call to succeed once TLS is trusted.
public final class TLSQueryServer: @unchecked Sendable {
    public let process: LoopbackProcess
    /// The server's certificate (PEM), which is also its own CA.
    public let certificateFile: URL
    public static let account = "210987654321"
    public static let arn = "arn:aws:iam::210987654321:user/tls-test"

    public var port: Int { process.port }
    public var url: String { "https://127.0.0.1:\(port)" }
    /// How many requests were answered (so the TLS handshake succeeded).
    public var answered: Int { process.log.split(separator: "\n").filter { $0.hasPrefix("answered ") }.count }

    private init(process: LoopbackProcess, certificateFile: URL) {
        self.process = process
        self.certificateFile = certificateFile
    }

    /// A self-signed certificate for 127.0.0.1 in `folder`: returns the certificate and key files.
    public static func makeCertificate(in folder: URL, name: String = "server") async throws -> (certificate: URL, key: URL) {
        let certificate = folder.appendingPathComponent("\(name).pem")
        let key = folder.appendingPathComponent("\(name)-key.pem")
        _ = try await ProcessRunner.check([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.path, "-out", certificate.path,
        ])
        return (certificate, key)
    }

    public static func start(in folder: URL) async throws -> TLSQueryServer {
        let python = try await MotoServer.realPythonExecutable()
        let files = try await makeCertificate(in: folder)
        let port = try freeLoopbackPort()
        let process = try await LoopbackProcess.start(
            "tls-query", [python, "-c", script, String(port), files.certificate.path, files.key.path], port: port)
        return TLSQueryServer(process: process, certificateFile: files.certificate)
    }

    public func stop() { process.stop() }

    private static let script = MotoServer.parentWatchdog + """
        import ssl
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        port, certificate, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        body = (b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                b'<GetCallerIdentityResult><Arn>\(arn)</Arn><UserId>AIDATLSTEST</UserId>'
                b'<Account>\(account)</Account></GetCallerIdentityResult>'
                b'<ResponseMetadata><RequestId>tls-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>')

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                sys.stderr.write("answered " + self.path + "\\n"); sys.stderr.flush()

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.serve_forever()
        """
}
