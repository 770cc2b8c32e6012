"""Issue 15: the API refuses hostile requests before reading their bodies (no spaCy: a fake pipeline)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from eventwatch.api import create_app
from eventwatch.api.config import Settings, read_token_file
from eventwatch.api.guard import FailedAuthLimiter, GuardSettings, RequestGuard, host_name
from eventwatch.models import DocumentAnalysis, DocumentResult

TOKEN = "robust-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class SlowPipeline:
    """Counts the documents it is given; no events."""

    seen: ClassVar[list[str]] = []

    def process(self, documents):  # type: ignore[no-untyped-def]
        for d in documents:
            SlowPipeline.seen.append(d.doc)
            yield DocumentResult(d, DocumentAnalysis(d), [])


@pytest.fixture()
def app(tmp_path: Path):  # type: ignore[no-untyped-def]
    return create_app(str(tmp_path / "api.sqlite"), token=TOKEN, pipeline_factory=SlowPipeline,
                      allowed_hosts="testserver", max_body_bytes=50_000)


def _asgi(app: Any, method: str, path: str, headers: dict[str, str], body_parts: list[bytes]) -> tuple[int, int]:
    """Call the ASGI app directly; returns (status, number of body chunks the app pulled)."""
    pulled = 0
    status = 0
    parts = list(body_parts)

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        chunk = parts.pop(0) if parts else b""
        return {"type": "http.request", "body": chunk, "more_body": bool(parts)}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()], "client": ("10.0.0.9", 1),
             "server": ("testserver", 80), "scheme": "http", "http_version": "1.1", "root_path": ""}
    asyncio.run(app(scope, receive, send))
    return status, pulled


def test_an_unauthenticated_huge_post_is_refused_before_its_body_is_read(app) -> None:  # type: ignore[no-untyped-def]
    headers = {"host": "testserver", "content-type": "application/json", "content-length": str(300_000_000)}
    assert _asgi(app, "POST", "/api/documents", headers, [b"{" * 1000]) == (401, 0)
    headers["authorization"] = "Bearer wrong-token-wrong-token"
    assert _asgi(app, "POST", "/api/documents", headers, [b"{" * 1000]) == (401, 0)


def test_bodies_over_the_cap_are_refused(app) -> None:  # type: ignore[no-untyped-def]
    headers = {"host": "testserver", "content-type": "application/json", "content-length": "300000000", **AUTH}
    assert _asgi(app, "POST", "/api/documents", headers, [b"x"]) == (413, 0)  # declared: not read
    chunked = {"host": "testserver", "content-type": "application/json", "transfer-encoding": "chunked", **AUTH}
    status, pulled = _asgi(app, "POST", "/api/documents", chunked, [b" " * 20_000] * 10)
    assert status == 413 and pulled <= 3  # counted as it streams, cut off past 50,000 bytes


def test_post_answers_202_and_extracts_in_the_background(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    text = "Gunmen attacked a market in Gao on Monday. " * 1000  # 43,000 characters, under the cap
    r = c.post("/api/documents", json={"text": text, "doc": "bg-1"}, headers=AUTH)
    assert r.status_code == 202 and r.json()["queued"] is True and r.json()["state"] == "ingested"
    assert app.state.extraction.wait_idle(60)
    d = c.get(r.headers["location"]).json()
    assert d["state"] == "processed" and "bg-1" in SlowPipeline.seen


def test_unknown_hosts_are_refused(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    assert c.get("/api/health").status_code == 200
    r = c.get("/api/health", headers={"Host": "attacker.example"})
    assert r.status_code == 400 and r.json()["error"] == "host not allowed"
    assert c.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200
    assert host_name("[::1]:8000") == "::1" and host_name("LocalHost") == "localhost"


def test_security_headers_on_every_response(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    for path in ("/", "/api/health", "/api/nothing-here"):
        h = c.get(path).headers
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "script-src 'self';" in h["content-security-policy"]


def test_failed_authentications_are_rate_limited(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    bad = {"Authorization": "Bearer not-the-token-at-all"}
    for _ in range(10):
        assert c.post("/api/documents", json={"text": "x"}, headers=bad).status_code == 401
    r = c.post("/api/documents", json={"text": "x"}, headers=AUTH)  # even the right token waits now
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert c.get("/api/health").status_code == 200  # open paths still answer


def test_the_limiter_forgets_old_failures() -> None:
    now = [0.0]
    limiter = FailedAuthLimiter(limit=2, window=10.0, clock=lambda: now[0])
    limiter.failed("a")
    limiter.failed("a")
    assert limiter.blocked("a") == 10.0 and limiter.blocked("b") == 0.0
    now[0] = 10.5
    assert limiter.blocked("a") == 0.0


def test_short_tokens_are_refused_and_tokens_come_from_a_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="at least 16 characters"):
        Settings.resolve(str(tmp_path / "x.sqlite"), token="short")
    f = tmp_path / "token"
    f.write_text(TOKEN + "\n", encoding="utf-8")
    assert read_token_file(f) == TOKEN
    monkeypatch.delenv("EVENTWATCH_TOKEN", raising=False)
    monkeypatch.setenv("EVENTWATCH_TOKEN_FILE", str(f))
    assert Settings.resolve(str(tmp_path / "x.sqlite")).token == TOKEN


def test_deep_json_bodies_are_a_client_error(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    r = c.post("/api/documents", content=b"[" * 40_000 + b"]" * 40_000,
               headers={**AUTH, "content-type": "application/json"})
    assert r.status_code in (400, 413, 422) and "error" in r.json()


def test_guard_settings_without_host_list_accept_any_host() -> None:
    async def inner(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    guard = RequestGuard(inner, GuardSettings(None, False, None, 10))
    status, _ = _asgi(guard, "GET", "/", {"host": "anything.example"}, [])
    assert status == 204


def test_the_guard_accepts_extra_tokens_from_a_token_map() -> None:
    async def inner(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    analysts = {"analyst-token-0123456789": "Amal"}
    guard = RequestGuard(inner, GuardSettings(TOKEN, False, None, 1000, accepts=lambda t: t in analysts))
    headers = {"host": "x", "content-length": "2"}
    assert _asgi(guard, "POST", "/api/x", {**headers, "authorization": "Bearer analyst-token-0123456789"}, [b"{}"])[0] == 204
    assert _asgi(guard, "POST", "/api/x", {**headers, **{k.lower(): v for k, v in AUTH.items()}}, [b"{}"])[0] == 204
    assert _asgi(guard, "POST", "/api/x", {**headers, "authorization": "Bearer nobody-0123456789"}, [b"{}"]) == (401, 0)
