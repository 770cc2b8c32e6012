"""API configuration from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

TRUE = {"1", "true", "yes", "on"}


@dataclass(slots=True)
class Settings:
    db_url: str | None
    token: str | None
    read_token_required: bool

    @classmethod
    def resolve(cls, db_url: str | None = None, token: str | None = None,
                read_token_required: bool | None = None) -> Settings:
        db = db_url or os.environ.get("EVENTWATCH_DB") or None
        tok = token if token is not None else (os.environ.get("EVENTWATCH_TOKEN") or None)
        if read_token_required is None:
            read_token_required = os.environ.get("EVENTWATCH_READ_TOKEN_REQUIRED", "").strip().lower() in TRUE
        if read_token_required and not tok:
            raise ValueError("read_token_required needs a token (pass token= or set EVENTWATCH_TOKEN)")
        return cls(db, tok or None, bool(read_token_required))
