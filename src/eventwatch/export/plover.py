"""PLOVER JSON Lines: one record per fused event in the PLOVER/POLECAT field layout.

Field names follow the PLOVER manual's JSON table (``id``, ``date``, ``enddate``, ``actor``,
``recipient``, ``event``, ``mode``, ``event_loc``, ``event_text``, ``quad_code``, ``cite_info``,
``coder``, ``coded_date``, ``comment``), with its entity objects (``entity_text``, ``code``,
``identifier_text``), location object (``resolved_place``, ``lat``, ``lon``, ``province``,
``country_code``, ``resolution``) and size object (``dead``, ``injured``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwatch.events.ontology import load_ontology
from eventwatch.models import EXTRACTOR_VERSION
from eventwatch.store.records import EventRecord

#: PLOVER quad classes as the manual's quad_code numbers
QUAD_CODES = {"verbal-cooperation": 1, "material-cooperation": 2, "verbal-conflict": 3, "material-conflict": 4}
#: our place precision (1 site, 2 near, 3 province or larger) -> PLOVER resolution (4 city, 3 district, 2 province)
RESOLUTION = {1: 4, 2: 3, 3: 2}


def _entities(names: list[str], kb: Any) -> list[dict[str, Any]]:
    out = []
    for name in names:
        ent: dict[str, Any] = {"entity_text": name}
        actors = kb.lookup(name) if kb is not None else []
        if actors:
            a = actors[0]
            ent |= {"identifier_id": a.id, "identifier_text": a.name}
            if a.code:
                ent["code"] = a.code
            if a.country:
                ent["country"] = a.country
        out.append(ent)
    return out


def plover_record(e: EventRecord, kb: Any = None) -> dict[str, Any]:
    quads = {k: (v or {}).get("quad") for k, v in (load_ontology().get("plover") or {}).items()}
    place = e.where or {}
    rec: dict[str, Any] = {
        "id": e.id,
        "has_event": True,
        "date": (e.when or {}).get("date"),
        "enddate": (e.when or {}).get("end"),
        "actor": _entities(e.actor1, kb),
        "recipient": _entities(e.actor2, kb),
        "event": [e.plover] if e.plover else [],
        "mode": [e.mode] if e.mode else [],
        "event_text": [e.quote] if e.quote else [],
        "quad_code": QUAD_CODES.get(quads.get(e.plover or "") or ""),
        "event_loc": {
            "resolved_place": place.get("name"), "lat": place.get("lat"), "lon": place.get("lon"),
            "province": place.get("admin1"), "country_code": place.get("country"),
            "resolution": RESOLUTION.get(int(place["precision"])) if place.get("precision") else None,
        } if place else None,
        "size": {"dead": e.fatalities, "injured": e.injured},
        "status": e.status,
        "cite_info": [{"publication": p} for p in e.publishers],
        "coder": f"eventwatch {EXTRACTOR_VERSION}",
        "coded_date": (e.updated_at or "")[:10] or None,
        "review": e.review,
    }
    if e.corrections:
        rec["comment"] = "; ".join(
            f"{c.field} corrected by {c.by or 'unknown'}" + (f" ({c.why})" if c.why else "")
            for c in e.corrections.values()
        )
    return rec


def write_events(events: Iterable[EventRecord], out: TextIO, kb: Any = None) -> int:
    n = 0
    for e in events:
        out.write(json.dumps(plover_record(e, kb), ensure_ascii=False) + "\n")
        n += 1
    return n
