"""Greedy average-linkage clustering of event reports into events, and event aggregates.

Input reports are interchange records (``EventReport.to_interchange()``) with optional extra
keys: ``key`` (stable report key), ``document_id`` (defaults to ``doc``), ``publisher`` and
``near_duplicate_of`` (id of the original document of a near-duplicate).

Rules:
- two reports of the same document are never in one cluster (cannot-link);
- a report joins the cluster with the best *average* pair score over its members when that
  average is >= ``THRESHOLD`` and no member pair is blocked (see ``features``);
- ``cluster`` is incremental: pass the existing clusters and only the new reports.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from eventwatch.fuse.features import ActorIndex, features, interval, realis

THRESHOLD = 0.66


def report_key(r: dict[str, Any]) -> str:
    """The stable key of a report: ``key`` when set, else document + quote span + plover."""
    if r.get("key"):
        return str(r["key"])
    return stable_report_key(
        str(r.get("document_id") or r.get("doc") or ""),
        ((r.get("evidence") or {}).get("quote") or {}).get("start"),
        ((r.get("evidence") or {}).get("quote") or {}).get("end"),
        str(r.get("plover") or ""),
        fallback=str(r.get("id") or r.get("quote") or ""),
    )


def stable_report_key(document_id: str, start: Any, end: Any, plover: str, fallback: str = "") -> str:
    span = f"{start}:{end}" if start is not None else "q:" + fallback
    raw = f"{document_id}|{span}|{plover.upper()}"
    return "r-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def event_id_for(keys: list[str]) -> str:
    """Deterministic event id: hash of the smallest member key (its founding report)."""
    return "ev-" + hashlib.sha1(min(keys).encode("utf-8")).hexdigest()[:16]


def document_of(r: dict[str, Any]) -> str:
    return str(r.get("document_id") or r.get("doc") or "")


@dataclass(slots=True)
class Cluster:
    members: list[dict[str, Any]] = field(default_factory=list)
    id: str | None = None
    locked: bool = False  # membership fixed by an analyst: never merged automatically

    @property
    def documents(self) -> set[str]:
        return {document_of(m) for m in self.members}

    @property
    def keys(self) -> list[str]:
        return [report_key(m) for m in self.members]

    def event_id(self) -> str:
        return self.id or event_id_for(self.keys)


def _sort_key(r: dict[str, Any]) -> tuple[str, str]:
    return (document_of(r), report_key(r))


def cluster(
    reports: list[dict[str, Any]],
    *,
    kb: Any = None,
    actors: ActorIndex | None = None,
    existing: list[Cluster] | None = None,
    threshold: float = THRESHOLD,
) -> list[Cluster]:
    """Cluster ``reports``, attaching them to ``existing`` clusters first; returns all clusters
    (the existing ones first, in their order, then the new ones).

    1. each new document's reports are assigned to existing clusters, best pair first, one
       report per cluster per document, when the average linkage passes ``threshold``;
    2. the remaining reports start as singletons and clusters are merged agglomeratively
       (best average linkage first; never two reports of one document, never a blocked pair,
       never two analyst-locked clusters).
    Deterministic for a given input (reports are visited by (document, key)).
    """
    idx = actors or ActorIndex(kb)
    clusters: list[Cluster] = [Cluster(list(c.members), c.id, c.locked) for c in existing or []]
    ordered = sorted(reports, key=_sort_key)
    everything = [m for c in clusters for m in c.members] + ordered
    pos = {id(m): i for i, m in enumerate(everything)}
    cache: dict[tuple[int, int], float | None] = {}

    def pair(x: dict[str, Any], y: dict[str, Any]) -> float | None:
        i, j = pos[id(x)], pos[id(y)]
        k = (i, j) if i < j else (j, i)
        if k not in cache:
            if document_of(x) == document_of(y):
                cache[k] = None
            else:
                f = features(x, y, idx)
                cache[k] = None if f.blocked else f.score
        return cache[k]

    def linkage(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> float | None:
        total = 0.0
        for x in a:
            for y in b:
                s = pair(x, y)
                if s is None:
                    return None
                total += s
        return total / (len(a) * len(b))

    # 1. attach to existing clusters, document by document
    n_old = len(clusters)
    fresh: list[Cluster] = []
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in ordered:
        by_doc.setdefault(document_of(r), []).append(r)
    for doc, rs in by_doc.items():
        if not n_old:
            fresh.extend(Cluster([r]) for r in rs)
            continue
        cands: list[tuple[float, int, int]] = []
        for ri, r in enumerate(rs):
            for ci in range(n_old):
                c = clusters[ci]
                if doc in c.documents:
                    continue
                s = linkage([r], c.members)
                if s is not None and s >= threshold:
                    cands.append((s, ri, ci))
        cands.sort(key=lambda t: (-t[0], t[1], t[2]))
        used_r: set[int] = set()
        used_c: set[int] = set()
        for _, ri, ci in cands:
            if ri in used_r or ci in used_c:
                continue
            used_r.add(ri)
            used_c.add(ci)
            clusters[ci].members.append(rs[ri])
        fresh.extend(Cluster([r]) for ri, r in enumerate(rs) if ri not in used_r)

    # 2. agglomerative merging of the new clusters (and into old ones)
    clusters.extend(fresh)
    links: dict[tuple[int, int], float] = {}
    alive = list(range(len(clusters)))

    def compute(i: int, j: int) -> None:
        a, b = clusters[i], clusters[j]
        if j < n_old and i < n_old:
            return
        if (a.locked and b.locked) or a.documents & b.documents:
            links.pop((i, j), None)
            return
        s = linkage(a.members, b.members)
        if s is not None and s >= threshold:
            links[(i, j)] = s
        else:
            links.pop((i, j), None)

    for x, i in enumerate(alive):
        for j in alive[x + 1 :]:
            compute(i, j)
    while links:
        (i, j), _ = max(links.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        clusters[i].members.extend(clusters[j].members)
        clusters[i].locked = clusters[i].locked or clusters[j].locked
        alive.remove(j)
        for k in list(links):
            if j in k or i in k:
                del links[k]
        for other in alive:
            if other != i:
                compute(min(i, other), max(i, other))
    return [clusters[i] for i in alive]


# --------------------------------------------------------------------------- aggregate
def independent_sources(members: list[dict[str, Any]]) -> list[list[str]]:
    """Groups of documents that count as ONE source: same publisher, or near-duplicates."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    by_publisher: dict[str, str] = {}
    for m in members:
        d = "doc:" + document_of(m)
        find(d)
        if m.get("near_duplicate_of"):
            union(d, "doc:" + str(m["near_duplicate_of"]))
        pub = " ".join(str(m.get("publisher") or "").lower().split())
        if pub:
            if pub in by_publisher:
                union(d, by_publisher[pub])
            else:
                by_publisher[pub] = d
    groups: dict[str, list[str]] = {}
    for m in members:
        d = "doc:" + document_of(m)
        g = groups.setdefault(find(d), [])
        if document_of(m) not in g:
            g.append(document_of(m))
    return sorted(groups.values())


def _most_common(values: list[Any]) -> Any:
    values = [v for v in values if v not in (None, "", [])]
    if not values:
        return None
    counts = Counter(map(repr, values))
    best = max(counts.values())
    for v in values:
        if counts[repr(v)] == best:
            return v
    return None


def _ranked_names(lists: list[list[str]]) -> list[str]:
    c: Counter[str] = Counter()
    first: dict[str, int] = {}
    for names in lists:
        for n in names or []:
            c[n] += 1
            first.setdefault(n, len(first))
    return sorted(c, key=lambda n: (-c[n], first[n]))


def summarize(members: list[dict[str, Any]], actors: ActorIndex | None = None, kb: Any = None) -> dict[str, Any]:
    """The fused view of one event's reports: consensus fields, tolls per source, conflicts."""
    idx = actors or ActorIndex(kb)
    members = sorted(members, key=_sort_key)
    sources = independent_sources(members)
    publishers = sorted({str(m.get("publisher")) for m in members if m.get("publisher")})

    # when: the tightest interval consistent with every dated report
    whens = [(iv, w) for m in members if (iv := interval(w := m.get("when"))) is not None]
    when = None
    if whens:
        precise = sorted(whens, key=lambda w: ((w[0][1] - w[0][0]).days, str(w[1])))
        when = dict(precise[0][1] or {})  # a dated ``when`` is never empty
    places = [p for m in members for p in (m.get("where") or []) if p.get("lat") is not None]
    where = None
    if places:
        best_prec = min(int(p.get("precision") or 3) for p in places)
        where = _most_common([p for p in places if int(p.get("precision") or 3) == best_prec])

    def toll(field_name: str) -> dict[str, Any] | None:
        by_source: dict[str, list[int]] = {}
        values: list[int] = []
        for m in members:
            v = m.get(field_name)
            if v is None:
                continue
            values.append(int(v))
            label = str(m.get("publisher") or m.get("source") or document_of(m))
            lo_hi = by_source.setdefault(label, [int(v), int(v)])
            lo_hi[0], lo_hi[1] = min(lo_hi[0], int(v)), max(lo_hi[1], int(v))
        if not values:
            return None
        ordered = sorted(values)
        return {"min": ordered[0], "max": ordered[-1], "median": ordered[len(ordered) // 2], "by_source": by_source}

    fatalities = toll("fatalities")
    injured = toll("injured")

    # conflicts
    flags: list[str] = []
    attributions: dict[str, list[str]] = {}
    blamed = [m for m in members if m.get("actor1")]
    disputed = False
    for i, a in enumerate(blamed):
        for b in blamed[i + 1 :]:
            if idx.relation(a["actor1"], b["actor1"]) < 0.8:
                disputed = True
    if disputed:
        flags.append("disputed_attribution")
        for m in blamed:
            label = str(m.get("publisher") or document_of(m))
            key = " / ".join(m["actor1"])
            if label not in attributions.setdefault(key, []):
                attributions[key].append(label)
    if fatalities and fatalities["min"] != fatalities["max"]:
        flags.append("conflicting_toll")
    statuses = {("occurred" if s == "historical" else s) for s in (m.get("status") or "occurred" for m in members)}
    if len(statuses) > 1 and (
        "denied" in statuses or len({realis(s) for s in statuses}) > 1 or {"occurred", "failed"} <= statuses
    ):
        flags.append("conflicting_status")
    plovers = {m.get("plover") for m in members}
    if len(plovers) > 1:
        flags.append("mixed_types")

    status_votes = [m.get("status") for m in members if m.get("status") != "historical"] or [
        m.get("status") for m in members
    ]
    return {
        "plover": _most_common([m.get("plover") for m in members]),
        "mode": _most_common([m.get("mode") for m in members]),
        "actor1": _ranked_names([m.get("actor1") or [] for m in members]),
        "actor2": _ranked_names([m.get("actor2") or [] for m in members]),
        "where": where,
        "when": when,
        "status": _most_common(status_votes) or "occurred",
        "fatalities": fatalities,
        "injured": injured,
        "n_reports": len(members),
        "n_documents": len({document_of(m) for m in members}),
        "n_publishers": len(sources),
        "publishers": publishers,
        "sources": sources,
        "reports": [report_key(m) for m in members],
        "docs": sorted({str(m.get("doc") or document_of(m)) for m in members}),
        "flags": flags,
        "attributions": attributions,
    }


def pairwise_prf(predicted: list[list[str]], gold: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering (lists of item ids) against gold labels."""
    pred_label = {item: i for i, c in enumerate(predicted) for item in c}
    items = sorted(gold)
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            same_pred = pred_label.get(a) == pred_label.get(b) and a in pred_label
            same_gold = gold[a] == gold[b]
            tp += same_pred and same_gold
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
