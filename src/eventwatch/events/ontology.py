"""PLOVER event types and modes, ACLED event types / sub-types, and the PLOVER -> ACLED mapping.

Data: ``eventwatch/data/lexicons/ontology.yaml``; documentation: docs/ontology.md.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
    "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "CRIME", "MOBILIZE",
    "COERCE", "ASSAULT",
)
# Types whose trigger frames (absorbs) the event words in its complement:
# "called on Turkey to exert pressure" is one DEMAND, "warned of more attacks" one THREATEN.
FRAMING_TYPES = frozenset(
    {"AGREE", "SUPPORT", "CONCEDE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "COERCE",
     "INVESTIGATE", "SANCTION", "AID", "CONSULT"}
)
VERBAL_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "CONCEDE"}
)
GOVERNMENT_ACTOR_TYPES = frozenset(
    {"state", "state_armed_force", "police", "government_body", "military_unit", "intelligence_agency"}
)
# speakers that report what they saw or learned rather than what their side did
WITNESS_ACTOR_TYPES = frozenset({"media", "media_monitor", "ngo", "international_org", "civilians"})
FORMAL_AGREEMENT_WORDS = frozenset(
    {"agreement", "ceasefire", "truce", "deal", "accord", "protocol", "treaty", "sign", "armistice",
     "memorandum", "reach", "enter", "conclude", "de-escalation"}
)


@lru_cache(maxsize=1)
def load_ontology() -> dict[str, Any]:
    path = resources.files("eventwatch.data") / "lexicons" / "ontology.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def acled_types() -> dict[str, list[str]]:
    return load_ontology()["acled"]


def plover_modes(plover: str) -> list[str]:
    return list(load_ontology()["plover"].get(plover, {}).get("modes", []))


def acled_for(
    plover: str,
    mode: str | None,
    *,
    actor1_government: bool | None = None,
    formal: bool = False,
    n_parties: int = 0,
    status: str = "occurred",
    civilian_target_only: bool = False,
) -> tuple[str, str] | None:
    """The ACLED (event type, sub-event type) ACLED would code for this PLOVER event, or None."""
    table = load_ontology()["mapping"].get(plover)
    if not table:
        return None
    if status in ("hypothetical", "denied"):
        return None
    if plover == "ASSAULT":
        if mode == "territory":
            key = "territory_government" if actor1_government is not False else "territory_nonstate"
            return tuple(table[key])
        if mode in (None, "attack") and civilian_target_only:
            return ("Violence against civilians", "Attack")
        if mode is None:
            return None
        v = table.get(mode)
        return tuple(v) if v else None
    if plover == "AGREE":
        if formal and n_parties >= 2 and status in ("occurred", "historical", "claimed"):
            return tuple(table["formal"])
        return None
    if status not in ("occurred", "claimed", "historical"):
        return None
    v = table.get(mode or "")
    return tuple(v) if v else None
