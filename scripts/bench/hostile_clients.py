"""Opens N idle connections to a health server, then checks /healthz and the server's fds.

Usage: hostile_clients.py PORT SERVER_PID N
Prints one line per figure; the connections stay open until the /healthz checks are done.
"""
import os
import socket
import sys
import time


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def healthz(port, timeout=5.0):
    """The status line of GET /healthz from a fresh client, and how long it took."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")
            answer = b""
            while chunk := client.recv(4096):
                answer += chunk
        line = answer.split(b"\r\n", 1)[0].decode() or "closed without an answer"
    except OSError as error:
        line = f"failed: {error}"
    return line, time.monotonic() - start


def main():
    port, pid, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    print(f"server fds before: {fd_count(pid)}")
    clients, refused = [], 0
    start = time.monotonic()
    for _ in range(count):
        try:
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            refused += 1
    print(f"opened {len(clients)} idle connections in {time.monotonic() - start:.2f}s ({refused} connects failed)")
    time.sleep(1)
    print(f"server fds with {len(clients)} idle clients: {fd_count(pid)}")
    closed = 0
    for client in clients:
        client.setblocking(False)
        try:
            if client.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    print(f"closed by the server at once: {closed} of {len(clients)}")
    line, took = healthz(port)
    print(f"/healthz while they are held: {line} ({took * 1000:.0f} ms)")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        line, took = healthz(port)
        if line.startswith("HTTP/1.1 200"):
            break
        time.sleep(0.1)
    print(f"/healthz after {15 - (deadline - time.monotonic()):.1f}s (idle clients still connected): {line}")
    print(f"server fds then: {fd_count(pid)}")
    for client in clients:
        client.close()
    time.sleep(0.5)
    line, took = healthz(port)
    print(f"/healthz after the clients closed: {line} ({took * 1000:.0f} ms); server fds: {fd_count(pid)}")


main()
