"""Validation of analysts' corrections: a correction either means something or is refused.

``CorrectionValidator.value(field, raw)`` turns what an analyst typed (on the command line or
in an API body) into the stored value, or raises :class:`~eventwatch.store.review.ReviewError`
with a message that says what would be accepted:

* ``plover`` / ``status``: a known type / status (did-you-mean for typos);
* ``mode``: a mode of some PLOVER type;
* ``acled``: one of ACLED's 25 pairs, as ``"Type/Sub-type"`` ("Battles/Armed clash") or a
  JSON pair;
* ``actor1`` / ``actor2``: names the knowledge base knows (stored under their coding
  names); an unknown name is refused with the nearest known names unless
  ``allow_unknown``;
* ``where``: a place the gazetteer finds (``NAME``, ``NAME, CC`` or a gazetteer id; of places
  with the same name, the one nearest the place being corrected), stored with its coordinates,
  admin-1 and country; or JSON ``{name, lat, lon, ...}`` with valid coordinates;
* ``when``: ``YYYY[-MM[-DD]][..YYYY-MM-DD]`` (a real date) or a written date ("3 March 2021");
* ``fatalities`` / ``injured``: a non-negative integer; ``confidence`` a number in [0, 1].
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from typing import Any

from eventwatch.errors import EventwatchError
from eventwatch.events.ontology import PLOVER_TYPES, acled_types, load_ontology
from eventwatch.models import STATUSES

#: interchange fields an analyst may correct
FIELDS = ("plover", "mode", "acled", "actor1", "actor2", "where", "when", "status", "source",
          "fatalities", "injured", "quote", "confidence")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class CorrectionError(EventwatchError):
    """A correction value that is refused (the message says what would be accepted)."""


def _closest(value: str, valid: list[str], n: int = 3) -> list[str]:
    by_low = {v.lower(): v for v in valid}
    return [by_low[c] for c in difflib.get_close_matches(value.lower(), list(by_low), n=n, cutoff=0.6)]


def _unknown(what: str, value: str, valid: list[str]) -> CorrectionError:
    close = _closest(value, valid)
    if close:
        return CorrectionError(f"unknown {what} {value!r}; did you mean {' or '.join(map(repr, close))}?")
    return CorrectionError(f"unknown {what} {value!r}; one of {', '.join(valid[:40])}")


def _json_or_text(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    try:
        return json.loads(text)
    except ValueError:
        return text


def _check_date(text: str) -> str:
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise CorrectionError(f"{text!r} is not a date") from None
    return text


class CorrectionValidator:
    """Checks correction values against the ontology, the knowledge base and the gazetteer."""

    def __init__(self, kb: Any = None, gazetteer: Any = None) -> None:
        self.kb = kb
        self._gazetteer = gazetteer
        self._actor_names: list[str] | None = None
        self._near: tuple[float, float] | None = None

    @property
    def gazetteer(self) -> Any:
        if self._gazetteer is None:
            from eventwatch.resolve.gazetteer import Gazetteer

            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    def value(self, field_name: str, raw: Any, allow_unknown: bool = False,
              near: tuple[float, float] | None = None) -> Any:
        """The checked value; ``near`` (lat, lon: the place being corrected) picks between
        places of the same name."""
        self._near = near
        if field_name not in FIELDS:
            raise _unknown("field", field_name, list(FIELDS))
        value = _json_or_text(raw)
        if value is None or value == "":
            if field_name in ("plover", "status", "actor1"):
                raise CorrectionError(f"{field_name} cannot be empty")
            return None
        check = getattr(self, "_" + field_name, None)
        return check(value, allow_unknown) if check else self._text(field_name, value)

    # ------------------------------------------------------------------ fields
    def _plover(self, value: Any, _allow: bool) -> str:
        if not isinstance(value, str) or value.upper() not in PLOVER_TYPES:
            raise _unknown("event type", str(value), list(PLOVER_TYPES))
        return value.upper()

    def _status(self, value: Any, _allow: bool) -> str:
        if not isinstance(value, str) or value.lower() not in STATUSES:
            raise _unknown("status", str(value), list(STATUSES))
        return value.lower()

    def _mode(self, value: Any, _allow: bool) -> str:
        modes = sorted({m for v in (load_ontology().get("plover") or {}).values() for m in (v or {}).get("modes", [])})
        if not isinstance(value, str) or value.lower() not in modes:
            raise _unknown("mode", str(value), modes)
        return value.lower()

    def _acled(self, value: Any, _allow: bool) -> list[str]:
        pairs = [f"{t}/{sub}" for t, subs in acled_types().items() for sub in subs]
        if isinstance(value, list) and len(value) == 2:
            text = f"{value[0]}/{value[1]}"
        elif isinstance(value, str):
            text = value
        else:
            raise CorrectionError('acled takes "Event type/Sub-event type", e.g. "Battles/Armed clash"')
        # event types contain '/' themselves (Explosions/Remote violence): compare whole pairs
        def norm(x: str) -> str:
            return re.sub(r"\s*/\s*", "/", x.strip()).lower()

        for t, subs in acled_types().items():
            for sub in subs:
                if norm(f"{t}/{sub}") == norm(text):
                    return [t, sub]
        raise _unknown("ACLED event type/sub-event type", text, pairs)

    def _names(self) -> list[str]:
        if self._actor_names is None:
            names: set[str] = set()
            for a in (getattr(self.kb, "actors", {}).values() if self.kb is not None else []):
                names.update(n for n in [getattr(a, "name", None), *getattr(a, "aliases", [])] if n)
            self._actor_names = sorted(names)
        return self._actor_names

    def _actors(self, value: Any, allow_unknown: bool) -> list[str]:
        names = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise CorrectionError("actors are a comma-separated list of names")
        out = []
        for name in (n for n in names if n):
            found = self.kb.lookup(name) if self.kb is not None else []
            if found:
                coding = getattr(self.kb, "coding_name", None)
                out.append(coding(found[0].id) if coding else name)
            elif allow_unknown or self.kb is None:
                out.append(name)
            else:
                close = _closest(name, self._names())
                hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
                raise CorrectionError(
                    f"actor {name!r} is not in the knowledge base{hint} (add it with `eventwatch kb add-actor`, "
                    "or keep the name as typed with --allow-unknown / allow_unknown)")
        return out

    _actor1 = _actors
    _actor2 = _actors

    def _where(self, value: Any, _allow: bool) -> list[dict[str, Any]]:
        if isinstance(value, dict):
            lat, lon = value.get("lat"), value.get("lon")
            if not (isinstance(lat, int | float) and isinstance(lon, int | float) and -90 <= lat <= 90
                    and -180 <= lon <= 180) or not value.get("name"):
                raise CorrectionError("a place needs a name and lat (-90..90), lon (-180..180)")
            return [{"admin1": None, "country": None, "precision": 1} | value]
        if not isinstance(value, str):
            raise CorrectionError('where takes a place name ("Afrin" or "Afrin, SY") or JSON {name, lat, lon}')
        by_id = self.gazetteer.get(value.strip())
        if by_id is not None:  # a gazetteer id (`eventwatch gazetteer lookup NAME` lists them)
            p = by_id
        else:
            name, _, cc = value.partition(",")
            cands = self.gazetteer.lookup(name.strip(), country=cc.strip().upper() or None)
            if not cands:
                raise CorrectionError(f"no place {name.strip()!r} in the gazetteer"
                                      + (f" in {cc.strip().upper()}" if cc else "; add ', CC' to search one country")
                                      + ", or give a gazetteer id or JSON {name, lat, lon}")
            p = cands[0].place
            if self._near is not None and len(cands) > 1:
                # several places of that name: the one nearest the place being corrected
                from eventwatch.fuse.features import haversine_km

                lat, lon = self._near
                named = [c for c in cands if c.how in ("exact", "key")] or cands
                p = min((c.place for c in named),
                        key=lambda q: haversine_km(lat, lon, q.lat, q.lon))
        return [{"name": p.name, "admin1": p.admin1, "country": p.country, "lat": p.lat, "lon": p.lon,
                 "precision": p.default_precision, "gazetteer_id": p.id}]

    def _when(self, value: Any, _allow: bool) -> dict[str, Any]:
        if isinstance(value, dict):
            value = str(value.get("date") or "") + (".." + str(value["end"]) if value.get("end") else "")
        if isinstance(value, int):
            value = str(value)
        start, _, end = str(value).partition("..")
        start, end = start.strip(), end.strip()
        if not _ISO.match(start):
            import dateparser

            parsed = dateparser.parse(start, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
            if parsed is None:
                raise CorrectionError(f"bad date {value!r}: YYYY, YYYY-MM or YYYY-MM-DD (optionally ..YYYY-MM-DD), "
                                      "or a written date such as '3 March 2021'")
            start = parsed.date().isoformat()
        _check_date(start)
        out: dict[str, Any] = {"date": start, "precision": {4: "year", 7: "month", 10: "day"}[len(start)]}
        if end:
            if not _ISO.match(end) or _check_date(end) < start:
                raise CorrectionError(f"bad end date {end!r}: YYYY-MM-DD, not before {start}")
            out["end"] = end
        return out

    def _count(self, value: Any, name: str) -> int:
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise CorrectionError(f"{name} must be a whole number, not {value!r}") from None
        if n < 0 or (n != value and str(n) != str(value).strip()):
            raise CorrectionError(f"{name} must be a non-negative whole number, not {value!r}")
        return n

    def _fatalities(self, value: Any, _allow: bool) -> int:
        return self._count(value, "fatalities")

    def _injured(self, value: Any, _allow: bool) -> int:
        return self._count(value, "injured")

    def _confidence(self, value: Any, _allow: bool) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            raise CorrectionError("confidence must be a number in [0, 1]")
        return float(value)

    def _text(self, name: str, value: Any) -> str:
        if not isinstance(value, str):
            raise CorrectionError(f"{name} must be text")
        return value.strip()
