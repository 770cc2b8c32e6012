"""API configuration from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TRUE = {"1", "true", "yes", "on"}
#: shortest bearer token the server accepts (a short token can be guessed)
MIN_TOKEN_CHARS = 16
#: default cap on request bodies (``EVENTWATCH_MAX_BODY_BYTES``)
MAX_BODY_BYTES = 10_000_000
#: hosts a server answers to by default (``EVENTWATCH_ALLOWED_HOSTS``, comma-separated; ``*``: any)
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def read_token_file(path: str | Path) -> str:
    """The token in ``path`` (first line, surrounding whitespace removed)."""
    try:
        with open(path, encoding="utf-8") as f:
            token = f.read(4096).strip().splitlines()
    except OSError as e:
        raise ValueError(f"cannot read the token file {path}: {e.strerror or e}") from None
    if not token:
        raise ValueError(f"the token file {path} is empty")
    return token[0].strip()


def parse_hosts(value: str | None) -> frozenset[str] | None:
    """``"a.example,b.example"`` -> the allowed host names; ``*`` -> None (any host)."""
    names = [h.strip().lower().strip("[]") for h in (value or "").split(",") if h.strip()]
    if "*" in names:
        return None
    return frozenset([*LOOPBACK_HOSTS, *names])


@dataclass(slots=True)
class Settings:
    db_url: str | None
    token: str | None
    read_token_required: bool
    allowed_hosts: frozenset[str] | None = frozenset(LOOPBACK_HOSTS)
    max_body_bytes: int = MAX_BODY_BYTES

    @classmethod
    def resolve(cls, db_url: str | None = None, token: str | None = None,
                read_token_required: bool | None = None, allowed_hosts: str | None = None,
                max_body_bytes: int | None = None) -> Settings:
        db = db_url or os.environ.get("EVENTWATCH_DB") or None
        tok = token if token is not None else (os.environ.get("EVENTWATCH_TOKEN") or None)
        if tok is None and os.environ.get("EVENTWATCH_TOKEN_FILE"):
            tok = read_token_file(os.environ["EVENTWATCH_TOKEN_FILE"])
        if tok is not None and len(tok) < MIN_TOKEN_CHARS:
            raise ValueError(f"the token is too short: use at least {MIN_TOKEN_CHARS} characters "
                             "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')")
        if read_token_required is None:
            read_token_required = os.environ.get("EVENTWATCH_READ_TOKEN_REQUIRED", "").strip().lower() in TRUE
        if read_token_required and not tok:
            raise ValueError("read_token_required needs a token (pass token= or set EVENTWATCH_TOKEN)")
        hosts = parse_hosts(allowed_hosts if allowed_hosts is not None else os.environ.get("EVENTWATCH_ALLOWED_HOSTS"))
        if max_body_bytes is None:
            max_body_bytes = int(os.environ.get("EVENTWATCH_MAX_BODY_BYTES") or MAX_BODY_BYTES)
        return cls(db, tok or None, bool(read_token_required), hosts, max_body_bytes)
