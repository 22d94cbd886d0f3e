"""A loopback HTTP proxy in front of the emulator that behaves like EC2 where the emulator does
not: it enforces EC2's request token buckets, and it refuses ReplaceIamInstanceProfileAssociation
on a stopped instance. Benchmarks and tests put it between rolesync and the emulator so an apply
is measured against the limits real EC2 would hold it to. Python 3 standard library only.

Usage: python3 throttling_proxy.py LISTEN_PORT UPSTREAM_PORT [COUNTS_FILE] [TIMELINE_FILE]

Buckets (AWS-NOTES "Throttling"), one per account, region and category, full at first use,
refilled continuously:
    non-mutating   Describe* that is filtered or paginated        100 burst, 20 per second
    unfiltered     DescribeInstances with no filter, id or page    50 burst, 10 per second
    mutating       every other EC2 action (Replace… included)      50 burst,  5 per second
    associate      AssociateIamInstanceProfile                    100 burst,  5 per second
    disassociate   DisassociateIamInstanceProfile                 100 burst,  5 per second
A request that finds its bucket empty is answered as EC2 does: HTTP 503 with the EC2 error body
and code RequestLimitExceeded; it never reaches the emulator. IAM and STS requests pass through
unmetered (EC2's buckets do not cover them).

Where a request belongs: the region and service are the SigV4 credential scope in the
Authorization header. The account is the `x-moto-account-id` header when present (the emulator's
own way to pick one); else temporary keys (ASIA…, handed out by AssumeRole) stand for the account
they were issued in, so each such key has buckets of its own; any other key is the emulator's
default account 123456789012.

ReplaceIamInstanceProfileAssociation on a stopped (or stopping) instance gets HTTP 400
`IncorrectState`, as EC2 answers (aws-cli#5251); the emulator would accept it. To know the
instance's state the proxy asks the emulator itself, with the request's own headers (the
emulator routes by the credential scope and, unless told to, checks no signature): the
association by id gives the instance, DescribeInstances its state. These lookups are the proxy's
own and count against no bucket.

Counts by service and action, throttled answers by bucket and refusals are served as JSON at
`GET /_proxy/counts` and written to COUNTS_FILE (and standard output) when the proxy is stopped
with SIGTERM or SIGINT. With TIMELINE_FILE, one line per request:
`arrival_s done_s service action category narrowed status` (seconds since the epoch; narrowed is
1 when the request names a filter, instance ids or association ids, else 0).

For tests, `POST /_proxy/hold` with JSON `{"action": A, "param": P}` holds the next request of
action A whose form has a parameter named P (any, when P is empty) before it is metered or
forwarded; `GET /_proxy/held` answers how many are held; `POST /_proxy/release` lets them go.
"""
import http.client
import http.server
import json
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ElementTree

DEFAULT_ACCOUNT = "123456789012"
LIMITS = {  # category: (burst, refill per second)
    "non-mutating": (100.0, 20.0),
    "unfiltered": (50.0, 10.0),
    "mutating": (50.0, 5.0),
    "associate": (100.0, 5.0),
    "disassociate": (100.0, 5.0),
}
SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def category(action, form):
    """The EC2 bucket of a request (AWS-NOTES table)."""
    if action == "AssociateIamInstanceProfile":
        return "associate"
    if action == "DisassociateIamInstanceProfile":
        return "disassociate"
    if action == "DescribeInstances":
        narrowed = any(k.startswith(("Filter.", "InstanceId.")) or k in ("MaxResults", "NextToken") for k in form)
        return "non-mutating" if narrowed else "unfiltered"
    if action.startswith("Describe"):
        return "non-mutating"
    return "mutating"


def account_of(headers, access_key):
    return headers.get("x-moto-account-id") or (access_key if access_key.startswith("ASIA") else DEFAULT_ACCOUNT)


class Buckets:
    """EC2's token buckets: a request takes a whole token or is throttled."""

    def __init__(self):
        self.lock = threading.Lock()
        self.state = {}  # (account, region, category) -> [tokens, last refill]

    def take(self, key, now):
        burst, rate = LIMITS[key[2]]
        with self.lock:
            tokens, last = self.state.get(key, (burst, now))
            tokens = min(burst, tokens + (now - last) * rate)
            allowed = tokens >= 1.0
            self.state[key] = [tokens - 1.0 if allowed else tokens, now]
            return allowed


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = {}  # "service action" -> count
        self.throttled = {}  # "account/region/category" -> count
        self.refused = {}  # "action code" -> count
        self.upstream_seconds = {}  # "service action" -> seconds the emulator took

    def add(self, table, key, amount=1):
        with self.lock:
            table[key] = table.get(key, 0) + amount

    def snapshot(self):
        with self.lock:
            return {
                "requests": dict(sorted(self.requests.items())),
                "total": sum(self.requests.values()),
                "throttled": dict(sorted(self.throttled.items())),
                "refused": dict(sorted(self.refused.items())),
                "upstreamSeconds": {k: round(v, 3) for k, v in sorted(self.upstream_seconds.items())},
            }


class Holds:
    """Requests held for a test until it releases them."""

    def __init__(self):
        self.cond = threading.Condition()
        self.rules = []  # (action, param)
        self.held = 0
        self.released = 0  # generation

    def arm(self, action, param):
        with self.cond:
            self.rules.append((action, param))

    def wait_if_held(self, action, form):
        with self.cond:
            rule = next((r for r in self.rules if r[0] == action and (not r[1] or r[1] in form)), None)
            if rule is None:
                return
            self.rules.remove(rule)
            self.held += 1
            generation = self.released
            self.cond.notify_all()
            while self.released == generation:
                self.cond.wait()

    def release(self):
        with self.cond:
            self.held = 0
            self.released += 1
            self.cond.notify_all()


def local(tag):
    """An XML tag without its namespace (the emulator's differs from EC2's by a slash)."""
    return tag.rsplit("}", 1)[-1]


def first_text(root, name):
    """The text of the first element named `name` under `root`, namespace aside."""
    return next((n.text for n in (root.iter() if root is not None else []) if local(n.tag) == name), None)


def ec2_error(status, code, message):
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>%s</Code><Message>%s</Message>'
            '</Error></Errors><RequestID>%s</RequestID></Response>' % (code, message, uuid.uuid4()))
    return status, [("Content-Type", "text/xml;charset=UTF-8")], body.encode()


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def upstream(self, method, body, headers):
        connection = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=600)
        connection.request(method, self.path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        return response.status, response.getheaders(), payload

    def query(self, headers, params):
        """A Query request of the proxy's own to the emulator; the parsed XML answer, or None."""
        status, _, payload = self.upstream("POST", urllib.parse.urlencode(params).encode(), headers)
        if status != 200:
            return None
        return ElementTree.fromstring(payload)

    def instance_stopped(self, headers, association_id):
        forward = {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}
        forward["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        listed = self.query(forward, {"Action": "DescribeIamInstanceProfileAssociations", "Version": "2016-11-15",
                                      "AssociationId.1": association_id})
        instance = first_text(listed, "instanceId")
        if not instance:
            return False
        described = self.query(forward, {"Action": "DescribeInstances", "Version": "2016-11-15",
                                         "InstanceId.1": instance})
        state_node = next((n for n in (described.iter() if described is not None else []) if local(n.tag) == "instanceState"), None)
        return first_text(state_node, "name") in ("stopped", "stopping")

    def control(self, body):
        if self.path == "/_proxy/counts":
            return 200, json.dumps(stats.snapshot(), indent=1).encode()
        if self.path == "/_proxy/held":
            return 200, str(holds.held).encode()
        if self.path == "/_proxy/hold" and self.command == "POST":
            rule = json.loads(body or b"{}")
            holds.arm(rule["action"], rule.get("param", ""))
            return 200, b"armed"
        if self.path == "/_proxy/release" and self.command == "POST":
            holds.release()
            return 200, b"released"
        return 404, b"unknown control path"

    def handle_request(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/_proxy/"):
            status, payload = self.control(body)
            return self.answer(status, [("Content-Type", "application/json")], payload)
        arrival = time.time()
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        action = form.get("Action", ["-"])[0]
        scope = SCOPE.search(self.headers.get("Authorization", ""))
        access_key, region, service = scope.groups() if scope else ("-", "-", "-")
        holds.wait_if_held(action, form)
        kind = category(action, form) if service == "ec2" else "-"
        stats.add(stats.requests, f"{service} {action}")
        answer = None
        if kind != "-":
            key = (account_of(self.headers, access_key), region, kind)
            if not buckets.take(key, time.time()):
                stats.add(stats.throttled, "/".join(key))
                answer = ec2_error(503, "RequestLimitExceeded", "Request limit exceeded.")
            elif action == "ReplaceIamInstanceProfileAssociation":
                association = form.get("AssociationId", [""])[0]
                if self.instance_stopped(self.headers, association):
                    stats.add(stats.refused, f"{action} IncorrectState")
                    answer = ec2_error(400, "IncorrectState",
                                       f"The association {association} is not the active association.")
        if answer is None:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Host"] = self.headers.get("Host", "")
            started = time.time()
            answer = self.upstream(self.command, body, headers)
            stats.add(stats.upstream_seconds, f"{service} {action}", time.time() - started)
        status, headers, payload = answer
        if timeline is not None:
            with timeline_lock:
                narrowed = int(any(k.startswith(("Filter.", "InstanceId.", "AssociationId.")) for k in form))
                timeline.write(f"{arrival:.3f} {time.time():.3f} {service} {action} {kind} {narrowed} {status}\n")
        self.answer(status, headers, payload)

    def answer(self, status, headers, payload):
        self.send_response(status)
        for key, value in headers:
            if key.lower() not in HOP_BY_HOP and key.lower() not in ("server", "date"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        self.close_connection = True

    do_POST = handle_request
    do_GET = handle_request


def dump_and_exit(*_):
    snapshot = json.dumps(stats.snapshot(), indent=1)
    if counts_path:
        with open(counts_path, "w") as out:
            out.write(snapshot + "\n")
    print(snapshot, flush=True)
    if timeline is not None:
        timeline.flush()
    sys.exit(0)


if __name__ == "__main__":
    listen_port, upstream_port = int(sys.argv[1]), int(sys.argv[2])
    counts_path = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    timeline = open(sys.argv[4], "a", buffering=1) if len(sys.argv) > 4 else None
    timeline_lock = threading.Lock()
    buckets, stats, holds = Buckets(), Stats(), Holds()
    signal.signal(signal.SIGTERM, dump_and_exit)
    signal.signal(signal.SIGINT, dump_and_exit)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", listen_port), Proxy)
    server.daemon_threads = True
    server.request_queue_size = 128
    server.serve_forever()
