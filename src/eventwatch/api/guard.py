"""Request hardening in front of the API: a pure ASGI middleware that runs before any route.

In order, for every HTTP request:

1. **Host allow-list** (DNS rebinding): a ``Host`` header naming no allowed host gets 400.
2. **Failed-auth rate limit**: a client that got too many 401s recently gets 429 on requests
   that need or carry a token.
3. **Auth before the body**: writes with a body under ``/api/`` (and reads when the server
   requires a read token) are checked against the bearer token from the headers alone; a
   refused request's body is never read.
4. **Body cap**: a declared ``Content-Length`` over the cap gets 413 at once; a chunked body
   is counted as it streams and cut off with 413 past the cap.
5. **Security headers** on every response (CSP, nosniff, frame-ancestors, referrer policy).

Errors use the API's shape ``{"error": ..., "detail": ...}``.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_PATHS = frozenset({"/api/health"})

#: the dashboard and the API docs load only their own (vendored) assets
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI starts itself with an inline script
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


@dataclass(slots=True)
class FailedAuthLimiter:
    """At most ``limit`` failed authentications per client in ``window`` seconds."""

    limit: int = 10
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, client: str, now: float) -> deque[float]:
        q = self._failures.setdefault(client, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, client: str) -> float:
        """Seconds until ``client`` may try again (0: not blocked)."""
        with self._lock:
            now = self.clock()
            q = self._recent(client, now)
            if len(q) < self.limit:
                if not q:
                    self._failures.pop(client, None)
                return 0.0
            return max(0.0, self.window - (now - q[0]))

    def failed(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            self._recent(client, now).append(now)
            if len(self._failures) > 100_000:  # a flood of distinct clients: forget the oldest
                for key in list(self._failures)[:50_000]:
                    del self._failures[key]


@dataclass(slots=True)
class GuardSettings:
    token: str | None
    read_token_required: bool
    allowed_hosts: frozenset[str] | None  # None: any host
    max_body_bytes: int
    limiter: FailedAuthLimiter = field(default_factory=FailedAuthLimiter)
    #: extra bearer tokens the server accepts besides ``token`` (e.g. a token -> analyst map);
    #: called with the presented token, True when it is valid
    accepts: Callable[[str], bool] | None = None

    def token_ok(self, authorization: str | None) -> bool:
        presented = _bearer(authorization)
        if presented is None:
            return False
        if self.token and secrets.compare_digest(presented.encode(), self.token.encode()):
            return True
        return self.accepts is not None and self.accepts(presented)


class RequestGuard:
    """The ASGI middleware; wrap the application with ``RequestGuard(app, settings)``."""

    def __init__(self, app: ASGIApp, settings: GuardSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        s = self.settings
        client = (scope.get("client") or ("?", 0))[0]
        send = _with_security_headers(send, docs=scope.get("path", "").startswith("/docs"),
                                      on_401=lambda: s.limiter.failed(client))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if s.allowed_hosts is not None and host_name(headers.get("host", "")) not in s.allowed_hosts:
            await _reply(send, 400, "host not allowed", "the Host header names no host this server answers to")
            return
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET").upper()
        has_body = "transfer-encoding" in headers or headers.get("content-length", "0") not in ("", "0")
        guarded = path.startswith("/api/") and path not in OPEN_PATHS
        if guarded and (method in WRITE_METHODS or s.read_token_required or "authorization" in headers):
            wait = s.limiter.blocked(client)
            if wait:
                await _reply(send, 429, "too many failed authentications", f"try again in {wait:.0f}s",
                             [(b"retry-after", str(max(1, round(wait))).encode())])
                return
        # a body is never read before its sender is authenticated (bodyless requests are routed
        # first, so an unknown route or method still gets its 404 / 405)
        if guarded and ((method in WRITE_METHODS and has_body) or (s.read_token_required and method not in
                                                                    WRITE_METHODS)):
            if method in WRITE_METHODS and not s.token and s.accepts is None:
                await _reply(send, 403, "writes are disabled: the server has no token configured",
                             "start it with --token-file or EVENTWATCH_TOKEN")
                return
            if not s.token_ok(headers.get("authorization")):
                what = "writes" if method in WRITE_METHODS else "reads"
                await _reply(send, 401, f"a valid bearer token is required for {what}",
                             "send Authorization: Bearer <token>", [(b"www-authenticate", b"Bearer")])
                return
        if method in WRITE_METHODS or "content-length" in headers or "transfer-encoding" in headers:
            declared = headers.get("content-length")
            if declared is not None:
                if not declared.isdigit():
                    await _reply(send, 400, "malformed Content-Length")
                    return
                if int(declared) > s.max_body_bytes:
                    await _reply(send, 413, "request body too large", f"at most {s.max_body_bytes} bytes")
                    return
            receive = _capped(receive, s.max_body_bytes)
        try:
            await self.app(scope, receive, send)
        except BodyTooLarge:
            await _reply(send, 413, "request body too large", f"at most {s.max_body_bytes} bytes")


class BodyTooLarge(BaseException):
    """Raised from ``receive`` past the cap.  A BaseException so that body parsers that turn any
    Exception into a 400 let it through to the guard, which answers 413."""


def host_name(host: str) -> str:
    """``Host`` header -> lower-case host name without the port (``[::1]:8000`` -> ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _capped(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return wrapped


def _with_security_headers(send: Send, docs: bool, on_401: Callable[[], None]) -> Send:
    """Add the security headers to the response; count a 401 (from the guard or a route) as a failed auth."""

    async def wrapped(message: Message) -> None:
        if message.get("type") == "http.response.start":
            if message.get("status") == 401:
                on_401()
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            csp = (CSP_DOCS if docs else CSP).encode()
            for k, v in (*SECURITY_HEADERS, (b"content-security-policy", csp)):
                if k not in present:
                    headers.append((k, v))
            message["headers"] = headers
        await send(message)

    return wrapped


async def _reply(send: Send, status: int, error: str, detail: Any = None,
                 extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": error, "detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close"), *(extra or [])]  # close: the unread body is not drained
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
