"""Who is acting: bearer tokens mapped to analysts' names.

Every review action taken through the dashboard is recorded under the analyst whose token sent
it, never under a client-supplied name.  The map is a YAML (or JSON) file of ``token: name``
pairs, given as ``eventwatch serve --users FILE`` or ``EVENTWATCH_USERS=FILE``::

    3f9c0d...: Amal Haddad
    b71e22...: Jonas Berg

The server's own ``--token`` stays valid and is recorded as ``EVENTWATCH_TOKEN_USER``
(default :data:`SERVER_TOKEN_USER`, "admin") unless the file names it.  The dashboard, the
event-record routes and the older review routes all ask this one map.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

SERVER_TOKEN_USER = "admin"


class AnalystsFileError(ValueError):
    """The users file cannot be read or is not a mapping of tokens to names."""


@dataclass(slots=True)
class Analysts:
    """Token -> analyst name.  ``server_token`` is the API's single write token (may be None)."""

    users: dict[str, str] = field(default_factory=dict)
    server_token: str | None = None

    @classmethod
    def load(cls, path: str | Path | None, server_token: str | None = None) -> Analysts:
        """Read ``path`` (or ``EVENTWATCH_USERS`` when None); no file means no named analysts."""
        where = path or os.environ.get("EVENTWATCH_USERS") or None
        if not where:
            return cls({}, server_token)
        import yaml

        try:
            data = yaml.safe_load(Path(where).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise AnalystsFileError(f"cannot read the users file {where}: {exc}") from exc
        if data is None:
            data = {}
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in data.items()
        ):
            raise AnalystsFileError(f"{where}: expected a mapping of token: analyst name (both non-empty strings)")
        return cls({k.strip(): v.strip() for k, v in data.items()}, server_token)

    def who(self, token: str | None) -> str | None:
        """The analyst name for a presented token, or None when the token is not valid."""
        if not token:
            return None
        found = None
        for known, name in self.users.items():  # compare every entry: constant time in the match
            if secrets.compare_digest(known.encode(), token.encode()):
                found = name
        if found is None and self.server_token and secrets.compare_digest(self.server_token.encode(), token.encode()):
            found = os.environ.get("EVENTWATCH_TOKEN_USER") or SERVER_TOKEN_USER
        return found

    @property
    def writes_possible(self) -> bool:
        return bool(self.users or self.server_token)
