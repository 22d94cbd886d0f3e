"""A forwarding HTTP proxy that writes one line per request: the AWS service (from the SigV4
credential scope) and the API action (from the form body of a Query request, or the
`X-Amz-Target` header of a JSON one: DynamoDB, Organizations). The request benchmarks put it
between rolesync and the emulator to count what a run costs, per action.

Usage: python3 counting_proxy.py LISTEN_PORT UPSTREAM_PORT LOG_FILE
"""
import http.client
import http.server
import re
import sys
import threading
import urllib.parse

listen_port, upstream_port, log_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
log_lock = threading.Lock()
log_file = open(log_path, "a", buffering=1)
SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class Forwarder(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        target = self.headers.get("X-Amz-Target")
        action = target.rsplit(".", 1)[-1] if target else form.get("Action", ["-"])[0]
        scope = SCOPE.search(self.headers.get("Authorization", ""))
        service = scope.group(1) if scope else "-"
        upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=600)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        payload = response.read()
        upstream.close()
        with log_lock:
            log_file.write(f"{service} {action} {response.status}\n")
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() not in ("server", "date"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    do_POST = forward
    do_GET = forward


server = http.server.ThreadingHTTPServer(("127.0.0.1", listen_port), Forwarder)
server.daemon_threads = True
server.serve_forever()
