"""Fold an actor network's forces into their state (dashboard option "fold forces").

Only actors the knowledge base places under a state are folded: a state's ``forces`` /
``police`` and any actor whose ``part_of`` chain reaches a state or its forces.  Groups a state
merely backs keep their own node (backing is not command).
"""

from __future__ import annotations

from collections import Counter
from typing import Any


class StateFolder:
    """Maps an actor name to the name of the state it belongs to (or leaves it as it is)."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self._owner: dict[str, Any] = {}
        self._cache: dict[str, str] = {}
        if kb is not None:
            for a in kb.actors.values():
                if a.type == "state":
                    for child in (a.forces, a.police):
                        if child:
                            self._owner.setdefault(child, a)

    def fold(self, name: str) -> str:
        if self.kb is None:
            return name
        if name not in self._cache:
            self._cache[name] = self._fold(name)
        return self._cache[name]

    def _fold(self, name: str) -> str:
        states = {self._state_of(a) for a in self.kb.lookup(name)}
        if len(states) != 1:  # unknown, or an ambiguous name whose readings belong to different states
            return name
        state = states.pop()
        return state if state is not None else name

    def _state_of(self, actor: Any) -> str | None:
        for a in (actor, *self.kb.ancestors(actor.id)):
            if a.type == "state":
                return str(a.name)
            owner = self._owner.get(a.id)
            if owner is not None:
                return str(owner.name)
        return None


def fold_network(net: dict[str, Any], folder: StateFolder) -> dict[str, Any]:
    """The network of :func:`eventwatch.api.queries.network` with actors folded into states.

    Edges that become a loop (a state's forces acting on the state) are dropped; weights and
    per-type counts of edges that merge are summed."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    degree: Counter[str] = Counter()
    members: dict[str, set[str]] = {}
    for e in net["edges"]:
        a, b = folder.fold(e["source"]), folder.fold(e["target"])
        members.setdefault(a, set()).add(e["source"])
        members.setdefault(b, set()).add(e["target"])
        if a == b:
            continue
        m = edges.setdefault((a, b), {"source": a, "target": b, "weight": 0, "conflict": 0, "cooperation": 0,
                                      "types": Counter()})
        for k in ("weight", "conflict", "cooperation"):
            m[k] += e[k]
        m["types"].update(e["types"])
        degree[a] += e["weight"]
        degree[b] += e["weight"]
    out = []
    for m in edges.values():
        m["types"] = dict(m["types"].most_common())
        m["kind"] = "conflict" if m["conflict"] >= m["cooperation"] else "cooperation"
        out.append(m)
    out.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    nodes = [{"id": n, "weight": w, "folded": sorted(members.get(n, set()) - {n})} for n, w in degree.most_common()]
    return {"nodes": nodes, "edges": out}
