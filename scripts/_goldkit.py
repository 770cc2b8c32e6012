"""Helpers for writing a gold set by hand (used by scripts/build_gold_other.py and scripts/build_gold_heldout.py).

A build script declares its places, its documents and their events coded by
docs/coding-guidelines.md, then ``GoldSet.write`` writes ``<doc>.txt``, ``docs.jsonl`` and
``gold.events.jsonl`` beside it, checking that every quote is verbatim in its text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SH = ["Explosions/Remote violence", "Shelling/artillery/missile attack"]
AIR = ["Explosions/Remote violence", "Air/drone strike"]
IED = ["Explosions/Remote violence", "Remote explosive/landmine/IED"]
SUI = ["Explosions/Remote violence", "Suicide bomb"]
CLASH = ["Battles", "Armed clash"]
GOVT = ["Battles", "Government regains territory"]
NSA = ["Battles", "Non-state actor overtakes territory"]
AGR = ["Strategic developments", "Agreement"]
PP = ["Protests", "Peaceful protest"]
FIELDS = ("plover", "acled", "actor1", "actor2", "where", "when", "status", "source", "fatalities", "injured", "quote")


def day(d: str, prec: str = "day") -> dict[str, str]:
    return {"date": d, "precision": prec}


def ev(plover, quote, a1, a2, w, when, status="occurred", acled=None, source=None, fat=None, inj=None) -> dict[str, Any]:
    return dict(plover=plover, quote=quote, actor1=a1, actor2=a2, where=w, when=when, status=status,
                acled=acled, source=source, fatalities=fat, injured=inj)


class GoldSet:
    """Places by short name -> (name, admin1, ISO2, lat, lon, precision); documents with events."""

    def __init__(self, places: dict[str, tuple[str, str, str, float, float, int]]) -> None:
        self.places = places
        self.docs: list[tuple[str, str, str, str, list[dict[str, Any]]]] = []

    def where(self, *names: str) -> list[dict[str, Any]]:
        out = []
        for n in names:
            name, a1, cc, lat, lon, prec = self.places[n]
            out.append({"name": name, "admin1": a1, "country": cc, "lat": lat, "lon": lon, "precision": prec})
        return out

    def doc(self, name: str, published: str, publisher: str, text: str, events: list[dict[str, Any]]) -> None:
        self.docs.append((name, published, publisher, text.strip() + "\n", events))

    def write(self, folder: Path) -> None:
        with (folder / "docs.jsonl").open("w", encoding="utf-8") as f_docs, \
                (folder / "gold.events.jsonl").open("w", encoding="utf-8") as f_gold:
            for name, pub, publisher, text, events in self.docs:
                (folder / f"{name}.txt").write_text(text, encoding="utf-8")
                f_docs.write(json.dumps({"doc": name, "published": pub, "publisher": publisher}) + "\n")
                for i, e in enumerate(events, 1):
                    assert e["quote"] in text, (name, e["quote"])
                    row = {"doc": name, "id": f"{name}-{i:02d}", **{k: e[k] for k in FIELDS}}
                    f_gold.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(len(self.docs), "docs")
