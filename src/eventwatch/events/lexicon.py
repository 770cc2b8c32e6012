"""Event lexicons (data under ``eventwatch/data/lexicons/``), compiled once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class TriggerType:
    plover: str
    mode: str | None = None
    strong: bool = False  # the trigger itself states the mode ("shelled"), context cannot override
    source: str = "curated"  # curated | cameo


def parse_type(value: str | None, source: str = "curated") -> TriggerType | None:
    if not value or value == "null":
        return None
    parts = str(value).split()
    plover = parts[0]
    mode = parts[1] if len(parts) > 1 else None
    strong = bool(mode and mode.endswith("!"))
    if mode:
        mode = mode.rstrip("!") or None
    return TriggerType(plover, mode, strong, source)


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, TriggerType] = field(default_factory=dict)
    nouns: dict[str, TriggerType] = field(default_factory=dict)
    cameo_verbs: dict[str, TriggerType] = field(default_factory=dict)
    nouns_modified: dict[str, dict[str, Any]] = field(default_factory=dict)
    phrasal: dict[tuple[str, str], TriggerType | None] = field(default_factory=dict)
    verb_object: dict[str, tuple[frozenset[str], TriggerType]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    threat_nouns: frozenset[str] = frozenset()
    weapon_context: dict[str, str] = field(default_factory=dict)  # word -> mode
    territory_nouns: frozenset[str] = frozenset()
    framing_nouns: dict[str, TriggerType] = field(default_factory=dict)  # need a clausal complement
    desire_verbs: dict[str, TriggerType] = field(default_factory=dict)  # need a demandee (from / object)
    future_only: frozenset[str] = frozenset()  # verb_object verbs that are events only with future/modal


def _read(name: str) -> dict[str, Any]:
    path = resources.files("eventwatch.data") / "lexicons" / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    t = _read("triggers.yaml")
    lex = Lexicon()
    for k, v in (t.get("verbs") or {}).items():
        if (tt := parse_type(v)) is not None:
            lex.verbs[k] = tt
    for k, v in (t.get("nouns") or {}).items():
        if (tt := parse_type(v)) is not None:
            lex.nouns[k] = tt
    for k, v in (_read("cameo_verbs.yaml").get("verbs") or {}).items():
        if " " not in k and (tt := parse_type(v, "cameo")) is not None:
            lex.cameo_verbs[k] = tt
    for k, v in (t.get("nouns_modified") or {}).items():
        lex.nouns_modified[k] = {
            "mods": frozenset(v.get("mods") or []),
            "verbs": frozenset(v.get("verbs") or []),
            "type": parse_type(v["type"]),
        }
    for k, v in (t.get("phrasal") or {}).items():
        verb, prt = k.split(" ", 1)
        lex.phrasal[(verb, prt)] = parse_type(v)
    future_only = set()
    for k, v in (t.get("verb_object") or {}).items():
        if (vo_type := parse_type(v["type"])) is not None:  # null: not an event, as for verbs and nouns
            lex.verb_object[k] = (frozenset(v.get("objects") or []), vo_type)
        if v.get("future_only"):
            future_only.add(k)
    lex.future_only = frozenset(future_only)
    for k, v in (t.get("framing_nouns") or {}).items():
        if (tt := parse_type(v)) is not None:
            lex.framing_nouns[k] = tt
    for k, v in (t.get("desire_verbs") or {}).items():
        if (tt := parse_type(v)) is not None:
            lex.desire_verbs[k] = tt
    lex.light_verbs = frozenset(t.get("light_verbs") or [])
    lex.threat_nouns = frozenset(t.get("threat_nouns") or [])
    for mode, words in (t.get("weapon_context") or {}).items():
        for w in words:
            lex.weapon_context.setdefault(w, mode)
    lex.territory_nouns = frozenset(t.get("territory_nouns") or [])
    return lex
