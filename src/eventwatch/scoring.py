"""Event-report scoring, identical to the project's reference scorer.

This is the reference scorer (docs/interchange-format.md) kept in lockstep with
``tests/fixtures/eval/score_reference.py``; ``tests/test_eval_agreement.py`` proves both
give the same numbers on the same files.  ``eventwatch eval`` calls :func:`score`.

    python -m eventwatch.scoring GOLD.jsonl SYSTEM.jsonl [--aliases ALIASES.json] [--json]

Alignment: within a document, a system report and a gold report are candidates when
their quotes share enough words (overlap coefficient >= 0.6 on lower-cased word sets).
Candidates are paired one-to-one greedily, best agreement first. A pair counts for
event detection when its PLOVER types are equal ("typed"), or regardless of type
("untyped"). Field scores are computed over typed pairs.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

WORD = re.compile(r"[a-z0-9]+")
OVERLAP_MIN = 0.6
KM_BY_PRECISION = {1: 10.0, 2: 25.0, 3: 100.0}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def words(text: str) -> set[str]:
    return set(WORD.findall(fold(text or "")))


def overlap(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


class Names:
    """Actor-name normaliser with an optional alias table {alias: canonical}."""

    def __init__(self, aliases: dict[str, str] | None = None):
        self.aliases = {self.key(k): self.key(v) for k, v in (aliases or {}).items()}

    @staticmethod
    def key(name: str) -> str:
        parts = WORD.findall(fold(name))
        if parts[:1] == ["the"]:
            parts = parts[1:]
        return "".join(parts)

    def canon(self, name: str) -> str:
        k = self.key(name)
        return self.aliases.get(k, k)

    def set(self, names: Iterable[str | None] | None) -> set[str]:
        return {self.canon(n) for n in (names or []) if n}


def haversine_km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def place_ok(gold: list, system: list) -> bool:
    gold = [p for p in gold or [] if p.get("lat") is not None]
    system = [p for p in system or [] if p.get("lat") is not None]
    if not gold:
        return not system
    for g in gold:
        limit = KM_BY_PRECISION.get(int(g.get("precision") or 2), 25.0)
        if any(haversine_km(g, s) <= limit for s in system):
            return True
    return False


def date_ok(gold: dict | None, system: dict | None) -> bool:
    if not gold:
        return not system
    if not system or not system.get("date"):
        return False
    precision = gold.get("precision", "day")
    g, s = gold["date"], system["date"]
    if precision == "year":
        return s[:4] == g[:4]
    if precision == "month":
        return s[:7] == g[:7]
    if precision == "week":
        from datetime import date

        try:
            return abs((date.fromisoformat(s[:10]) - date.fromisoformat(g[:10])).days) <= 7
        except ValueError:
            return False
    return s[:10] == g[:10]


def prf(tp: float, n_sys: float, n_gold: float) -> dict:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def agreement(g: dict, s: dict, names: Names) -> float:
    score = overlap(g.get("quote", ""), s.get("quote", ""))
    score += 2.0 * (g.get("plover") == s.get("plover"))
    score += 0.5 * bool(names.set(g.get("actor1")) & names.set(s.get("actor1")))
    score += 0.5 * bool(names.set(g.get("actor2")) & names.set(s.get("actor2")))
    return score


def align(gold: list[dict], system: list[dict], names: Names) -> list[tuple[dict, dict]]:
    by_doc_g, by_doc_s = defaultdict(list), defaultdict(list)
    for e in gold:
        by_doc_g[e["doc"]].append(e)
    for e in system:
        by_doc_s[e["doc"]].append(e)
    pairs = []
    for doc, gs in by_doc_g.items():
        cands = []
        for gi, g in enumerate(gs):
            for si, s in enumerate(by_doc_s.get(doc, [])):
                if overlap(g.get("quote", ""), s.get("quote", "")) >= OVERLAP_MIN:
                    cands.append((agreement(g, s, names), gi, si))
        used_g, used_s = set(), set()
        for _, gi, si in sorted(cands, reverse=True):
            if gi in used_g or si in used_s:
                continue
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gs[gi], by_doc_s[doc][si]))
    return pairs


def score(gold: list[dict], system: list[dict], names: Names) -> dict:
    docs = {e["doc"] for e in gold}
    system = [e for e in system if e.get("doc") in docs]
    pairs = align(gold, system, names)
    typed = [(g, s) for g, s in pairs if g.get("plover") == s.get("plover")]
    out = {
        "gold_events": len(gold),
        "system_events": len(system),
        "detection_untyped": prf(len(pairs), len(system), len(gold)),
        "detection_typed": prf(len(typed), len(system), len(gold)),
    }
    for role in ("actor1", "actor2"):
        tp = n_s = n_g = 0
        for g, s in typed:
            gs, ss = names.set(g.get(role)), names.set(s.get(role))
            tp += len(gs & ss)
            n_s += len(ss)
            n_g += len(gs)
        out[role] = prf(tp, n_s, n_g)

    def acc(pred, subset):
        subset = list(subset)
        return {"acc": round(sum(pred(g, s) for g, s in subset) / len(subset), 3) if subset else None, "n": len(subset)}

    out["place"] = acc(lambda g, s: place_ok(g.get("where"), s.get("where")), typed)
    out["date"] = acc(lambda g, s: date_ok(g.get("when"), s.get("when")), typed)
    out["status"] = acc(lambda g, s: g.get("status") == s.get("status"), typed)
    out["acled"] = acc(
        lambda g, s: list(g["acled"]) == list(s.get("acled") or []), ((g, s) for g, s in typed if g.get("acled"))
    )
    out["fatalities"] = acc(
        lambda g, s: g["fatalities"] == s.get("fatalities"), ((g, s) for g, s in typed if g.get("fatalities") is not None)
    )
    out["source"] = acc(
        lambda g, s: bool(names.set([g["source"]]) & names.set([s.get("source") or ""])),
        ((g, s) for g, s in typed if g.get("source")),
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("--aliases", help="JSON object {alias: canonical actor name}")
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = ap.parse_args(argv)
    aliases = None
    if args.aliases:
        with open(args.aliases, encoding="utf-8") as f:
            aliases = json.load(f)
    result = score(load(args.gold), load(args.system), Names(aliases))
    if args.json:
        print(json.dumps(result))
        return 0
    for key, value in result.items():
        print(f"{key:18} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
