"""Who is acting: bearer tokens mapped to analyst names.

Every write through the API is recorded under the analyst its token belongs to (never a
client-supplied label such as "dashboard").  The map comes from a JSON or YAML file
``{analyst name: token}`` named by ``EVENTWATCH_ANALYSTS`` (or passed to ``create_app``);
the server's own token (``--token`` / ``EVENTWATCH_TOKEN``) acts as ``EVENTWATCH_TOKEN_USER``
(default ``admin``).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Analysts:
    by_token: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, server_token: str | None, path: str | Path | None = None) -> Analysts:
        names: dict[str, str] = {}
        path = path or os.environ.get("EVENTWATCH_ANALYSTS") or None
        if path:
            text = Path(path).read_text(encoding="utf-8")
            if str(path).endswith((".yaml", ".yml")):
                import yaml

                data = yaml.safe_load(text) or {}
            else:
                data = json.loads(text)
            if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
                raise ValueError(f"{path}: expected a mapping of analyst name to token")
            names = {token: name for name, token in data.items()}
        if server_token and server_token not in names:
            names[server_token] = os.environ.get("EVENTWATCH_TOKEN_USER") or "admin"
        return cls(names)

    def who(self, token: str | None) -> str | None:
        """The analyst a token belongs to (constant-time comparison), or None."""
        if not token:
            return None
        found = None
        for known, name in self.by_token.items():
            if secrets.compare_digest(known.encode(), token.encode()):
                found = name
        return found
