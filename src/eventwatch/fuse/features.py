"""Pairwise features of two event reports (interchange records) and their weighted score.

Every feature is in [0, 1]; ``None`` means "hard block": the two reports cannot describe the
same event (different documents only -- reports of one document are never compared).

=========  ======  =================================================================
feature    weight  value
=========  ======  =================================================================
type       0.20    1.0 same PLOVER type and mode (or a mode missing); 0.85 same type,
                   other mode; 0.5 compatible types (``COMPATIBLE``, only fused when the
                   time feature is >= 0.8); else block
time       0.30    intervals from each report's precision (day = the day, week = the
                   7 days before and 3 after, month, year, explicit ``end`` ranges).
                   Overlap: 1.0 day~day, 0.8 with a week, 0.6 month, 0.4 year.
                   Gap g days: 0.45 x specificity for g=1 ("yesterday" drift), block g>=2.
                   A missing date: 0.35 (weakly compatible)
place      0.25    nearest pair of places; tolerance r = max(radius(prec a), radius(prec b))
                   with radius 10/25/100 km for precision 1/2/3.  d <= r: 1.0 - 0.3 d/r,
                   times 0.8 when the coarser place has precision 3; r < d <= 2r: 0.2;
                   d > 2r (or different countries): block.  No place: 0.35
actors     0.25    0.65 * actor1 + 0.35 * actor2, each: 1.0 shared actor (KB id or name),
                   0.8 one is a KB parent/sub-group of the other, 0.4 crossed roles
                   (a's actor1 is b's actor2), 0.15 disjoint (a *disputed attribution*),
                   0.5 when either side is empty
status     -0.15   penalty when one report is realis (occurred, claimed, historical,
                   failed, denied) and the other irrealis (planned, threatened,
                   hypothetical)
=========  ======  =================================================================

``score_pair`` = sum(weight * feature) - status penalty, clipped to [0, 1]; 0.0 when blocked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

WEIGHTS = {"type": 0.20, "time": 0.30, "place": 0.25, "actors": 0.25}
STATUS_PENALTY = 0.15
RADIUS_KM = {1: 10.0, 2: 25.0, 3: 100.0}
WEAK = 0.35  # missing date / missing place

# Unordered pairs of PLOVER types that may describe one event seen from different angles.
COMPATIBLE: dict[frozenset[str], float] = {
    frozenset({"ASSAULT", "COERCE"}): 0.5,
    frozenset({"COOPERATE", "AID"}): 0.5,
    frozenset({"DISAPPROVE", "REJECT"}): 0.5,
    frozenset({"THREATEN", "DEMAND"}): 0.5,
    frozenset({"MOBILIZE", "ASSAULT"}): 0.5,
    frozenset({"PROTEST", "COERCE"}): 0.5,
}
REALIS = {"occurred", "claimed", "historical", "failed", "denied"}


# --------------------------------------------------------------------------- actors
class ActorIndex:
    """Actor identity through the knowledge base when one is given, plain names otherwise."""

    def __init__(self, kb: Any = None) -> None:
        self.kb = kb
        self._cache: dict[str, tuple[str, frozenset[str]]] = {}

    def resolve(self, name: str) -> tuple[str, frozenset[str]]:
        """(identity, identity + KB ancestors) of an actor name."""
        hit = self._cache.get(name)
        if hit is not None:
            return hit
        ident = "name:" + " ".join(name.lower().split())
        lineage = {ident}
        if self.kb is not None:
            try:
                found = self.kb.lookup(name)
            except Exception:  # noqa: BLE001 - a broken KB must not break fusion
                found = []
            if found:
                ident = "kb:" + found[0].id
                lineage = {ident} | {"kb:" + a.id for a in self.kb.ancestors(found[0].id)}
        out = (ident, frozenset(lineage))
        self._cache[name] = out
        return out

    def identities(self, names: list[str]) -> set[str]:
        return {self.resolve(n)[0] for n in names}

    def relation(self, a: list[str], b: list[str]) -> float:
        """1.0 shared actor, 0.8 parent/sub-group, 0.15 disjoint, 0.5 if a side is empty."""
        if not a or not b:
            return 0.5
        ra = [self.resolve(n) for n in a]
        rb = [self.resolve(n) for n in b]
        if {i for i, _ in ra} & {i for i, _ in rb}:
            return 1.0
        for ia, la in ra:
            for ib, lb in rb:
                if ia in lb or ib in la:
                    return 0.8
        return 0.15

    def related(self, a: list[str], b: list[str]) -> bool:
        return self.relation(a, b) >= 0.8


def _plain_index() -> ActorIndex:
    return ActorIndex(None)


# --------------------------------------------------------------------------- time
@lru_cache(maxsize=65536)
def _parse(s: str) -> tuple[date, date] | None:
    try:
        parts = [int(x) for x in s.split("-")]
    except (AttributeError, ValueError):
        return None
    try:
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            start = date(parts[0], parts[1], 1)
            nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return start, nxt - timedelta(days=1)
        d = date(parts[0], parts[1], parts[2])
    except ValueError:
        return None
    return d, d


def interval(when: dict[str, Any] | None) -> tuple[date, date, str] | None:
    """(first day, last day, precision) of an interchange ``when``; None when undated."""
    if not when or not when.get("date"):
        return None
    p = _parse(str(when["date"]))
    if p is None:
        return None
    start, end = p
    precision = when.get("precision") or ("day" if start == end else "month")
    if precision == "week":
        start, end = start - timedelta(days=7), end + timedelta(days=3)
    elif precision == "month" and start == end:
        start, end = start.replace(day=1), (_parse(start.strftime("%Y-%m")) or (start, end))[1]
    elif precision == "year" and start == end:
        start, end = date(start.year, 1, 1), date(start.year, 12, 31)
    if when.get("end"):
        e = _parse(str(when["end"]))
        if e is not None and e[1] >= start:
            end = max(end, e[1])
            precision = "range" if precision == "day" else precision
    return start, end, precision


_SPECIFICITY = {"day": 1.0, "week": 0.8, "range": 0.7, "month": 0.6, "year": 0.4}


def time_score(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return WEAK
    gap = max((ib[0] - ia[1]).days, (ia[0] - ib[1]).days, 0)
    spec = min(_SPECIFICITY.get(ia[2], 0.5), _SPECIFICITY.get(ib[2], 0.5))
    if gap == 0:
        return spec
    if gap == 1:
        return 0.45 * spec
    return None


# --------------------------------------------------------------------------- place
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _places(where: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [p for p in where or [] if p.get("lat") is not None and p.get("lon") is not None]


def place_score(a: list[dict[str, Any]] | None, b: list[dict[str, Any]] | None) -> float | None:
    pa, pb = _places(a), _places(b)
    if not pa or not pb:
        ca = {p.get("country") for p in a or [] if p.get("country")}
        cb = {p.get("country") for p in b or [] if p.get("country")}
        if ca and cb and not ca & cb:
            return None
        return WEAK
    best: float | None = None
    for x in pa:
        for y in pb:
            r = max(RADIUS_KM.get(int(x.get("precision") or 1), 100.0), RADIUS_KM.get(int(y.get("precision") or 1), 100.0))
            d = haversine_km(x["lat"], x["lon"], y["lat"], y["lon"])
            if d <= r:
                s = (1.0 - 0.3 * d / r) * (0.8 if r >= 100 else 1.0)
            elif d <= 2 * r:
                s = 0.2
            else:
                continue
            best = s if best is None else max(best, s)
    return best


# --------------------------------------------------------------------------- type, status
def type_score(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    ta, tb = (a.get("plover") or "").upper(), (b.get("plover") or "").upper()
    if ta == tb:
        ma, mb = a.get("mode"), b.get("mode")
        return 1.0 if not ma or not mb or ma == mb else 0.85
    return COMPATIBLE.get(frozenset({ta, tb}))


def realis(status: str | None) -> bool:
    return (status or "occurred") in REALIS


# --------------------------------------------------------------------------- score
@dataclass(slots=True)
class PairFeatures:
    type: float | None
    time: float | None
    place: float | None
    actors: float
    status_penalty: float

    @property
    def blocked(self) -> bool:
        if self.type is None or self.time is None or self.place is None:
            return True
        # compatible-but-different types only fuse on a specific shared date
        return self.type < 0.85 and self.time < 0.8

    @property
    def score(self) -> float:
        if self.blocked:
            return 0.0
        s = (
            WEIGHTS["type"] * (self.type or 0.0)
            + WEIGHTS["time"] * (self.time or 0.0)
            + WEIGHTS["place"] * (self.place or 0.0)
            + WEIGHTS["actors"] * self.actors
            - self.status_penalty
        )
        return max(0.0, min(1.0, s))


def features(a: dict[str, Any], b: dict[str, Any], actors: ActorIndex | None = None) -> PairFeatures:
    idx = actors or _plain_index()
    a1, a2, b1, b2 = a.get("actor1") or [], a.get("actor2") or [], b.get("actor1") or [], b.get("actor2") or []
    s1 = idx.relation(a1, b1)
    s2 = idx.relation(a2, b2)
    if s1 <= 0.15 and a2 and b2:
        # crossed roles ("clashes between X and Y" told from the other side)
        crossed = min(idx.relation(a1, b2), idx.relation(a2, b1))
        if crossed >= 0.8:
            s1 = s2 = 0.4 + 0.0 * crossed
    actor = 0.65 * s1 + 0.35 * s2
    penalty = STATUS_PENALTY if realis(a.get("status")) != realis(b.get("status")) else 0.0
    return PairFeatures(
        type=type_score(a, b),
        time=time_score(a.get("when"), b.get("when")),
        place=place_score(a.get("where"), b.get("where")),
        actors=actor,
        status_penalty=penalty,
    )


def score_pair(a: dict[str, Any], b: dict[str, Any], actors: ActorIndex | None = None) -> float:
    """Similarity in [0, 1] of two reports (interchange records); 0.0 when incompatible."""
    return features(a, b, actors).score
