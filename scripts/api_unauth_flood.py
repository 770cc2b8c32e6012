"""Unauthenticated 300 MB POSTs against a real server: refused before the body is read (issue 15).

    python scripts/api_unauth_flood.py [--posts 4] [--mb 300]

Starts ``eventwatch serve`` on a free port with a token (from a file), sends ``--posts``
POSTs to /api/documents without a token, each declaring and streaming ``--mb`` MB, and
reports the server's resident memory before and after and the latency of /api/health.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = str(Path(sys.executable).with_name("eventwatch"))


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(port: int, mb: int) -> tuple[str, int]:
    """Stream a ``mb`` MB body without a token; returns (status line, bytes the server let us send)."""
    size = mb * 1_000_000
    sent = 0
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {size}\r\n\r\n".encode())
        s.settimeout(5)
        chunk = b"x" * 65536
        try:
            while sent < size:
                sent += s.send(chunk[: min(len(chunk), size - sent)])
        except OSError:
            pass  # the server answered and closed: it did not want the body
        try:
            reply = s.recv(4096).decode("latin-1")
        except OSError:
            reply = ""
    return (reply.splitlines()[0] if reply else "(connection closed)"), sent


def _health_ms(port: int) -> float:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        while s.recv(65536):
            pass
    return (time.perf_counter() - started) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=4)
    ap.add_argument("--mb", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        token = Path(tmp) / "token"
        token.write_text("flood-test-token-0123456789\n", encoding="utf-8")
        port = _free_port()
        server = subprocess.Popen([EXE, "serve", "--port", str(port), "--db", str(Path(tmp) / "s.sqlite"),
                                   "--token-file", str(token), "--log-level", "warning"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    _health_ms(port)
                    break
                except OSError:
                    time.sleep(0.1)
            before = _rss_mb(server.pid)
            for n in range(args.posts):
                status, sent = _post(port, args.mb)
                print(f"POST {n + 1}: {status}; the server took {sent / 1e6:.1f} of {args.mb} MB before answering")
            after = _rss_mb(server.pid)
            print(f"server memory: {before:.0f} MB before, {after:.0f} MB after ({after - before:+.0f} MB)")
            print(f"/api/health: {_health_ms(port):.1f} ms")
            return 0 if after - before < 50 else 1
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    raise SystemExit(main())
