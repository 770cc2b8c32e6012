"""docs.jsonl metadata and date parsing helpers."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from eventwatch.errors import IngestFailure

_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: Any) -> date | None:
    """A date from a date/datetime, ISO string (date part), RFC 2822 or absolute free text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None  # bare numbers are ambiguous (year? epoch?)
    s = str(value).strip()
    m = _ISO.match(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    if len(s) > 60 or not re.search(r"\d{4}", s):
        return None  # need an explicit year: no relative dates in metadata
    try:
        import dateparser

        dt = dateparser.parse(
            s, settings={"PARSERS": ["custom-formats", "absolute-time"], "PREFER_DAY_OF_MONTH": "first",
                         "REQUIRE_PARTS": ["year", "month"]}
        )
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    return dt.date() if dt else None


#: a docs.jsonl sidecar larger than this is refused (about 200,000 records)
MAX_META_BYTES = 64_000_000


def load_docs_meta(path: Path) -> dict[str, dict[str, Any]]:
    """Read a docs.jsonl file (``doc``, ``published`` YYYY-MM-DD, ``publisher``, ``url``, ``title``).

    Returns ``{doc: record}`` where ``record["published"]`` is a :class:`date` (or absent).
    Raises :class:`IngestFailure` naming ``file:line`` for a malformed line.
    """
    path = Path(path)
    try:
        if not path.is_file():  # /dev/zero, a FIFO: never read without bound
            raise IngestFailure(f"{path}: cannot read docs metadata: not a regular file")
        with open(path, "rb") as f:
            data = f.read(MAX_META_BYTES + 1)
        if len(data) > MAX_META_BYTES:
            raise IngestFailure(f"{path}: cannot read docs metadata: larger than {MAX_META_BYTES} bytes")
        raw = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise IngestFailure(f"{path}: cannot read docs metadata: {e}") from e
    out: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise IngestFailure(f"{where}: malformed JSON ({e.msg})") from e
        if not isinstance(rec, dict):
            raise IngestFailure(f"{where}: expected a JSON object, got {type(rec).__name__}")
        doc = rec.get("doc")
        if not isinstance(doc, str) or not doc.strip():
            raise IngestFailure(f"{where}: missing or empty 'doc' field")
        rec = dict(rec)
        if rec.get("published") not in (None, ""):
            pub = rec["published"]
            d = None
            if isinstance(pub, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub.strip()):
                d = parse_date(pub)
            if d is None:
                raise IngestFailure(f"{where}: 'published' must be YYYY-MM-DD, got {pub!r}")
            rec["published"] = d
        else:
            rec.pop("published", None)
        for key in ("publisher", "url", "title"):
            if key in rec and rec[key] is not None and not isinstance(rec[key], str):
                raise IngestFailure(f"{where}: '{key}' must be a string")
        out[doc.strip()] = rec
    return out
