"""The actor knowledge base: versioned YAML packs under ``eventwatch/data/kb/packs/``.

Schema: see docs/kb.md.  Packs are loaded in this order: the built-in packs (``core.yaml``
first, then the others by file name), then every ``*.yaml`` in ``extra_dirs``, then the
user directory (``$EVENTWATCH_KB_DIR`` or ``~/.local/share/eventwatch/kb``).  An entry
whose ``id`` already exists extends that actor (aliases are appended, other given fields
override), so a user pack can add aliases to built-in actors.

Output name policy: ``Actor.name`` (``coding_name``) is the actor's *current* coding name
and is what mentions carry (e.g. every HTS lineage name codes to "Hayat Tahrir al-Sham");
``name_at(id, date)`` gives the time-appropriate name (Jabhat al-Nusra before 2016-07-28).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwatch.resolve._normalise import name_key

GROUP_TYPES = frozenset(
    {
        "rebel_group", "jihadist_group", "militia", "party", "state_armed_force", "police",
        "ngo", "international_org", "media_monitor", "media", "intelligence_agency",
        "coalition", "government_body", "military_unit", "pmc",
    }
)
ARMED_TYPES = frozenset(
    {"rebel_group", "jihadist_group", "militia", "state_armed_force", "police", "military_unit", "pmc"}
)
NON_STATE_GROUP_TYPES = frozenset({"rebel_group", "jihadist_group", "militia", "pmc"})
# ACLED "inter" codes by actor type (used when a pack does not say).
DEFAULT_ACLED = {
    "state": 1, "state_armed_force": 1, "police": 1, "government_body": 1, "military_unit": 1,
    "intelligence_agency": 1, "rebel_group": 2, "jihadist_group": 2, "militia": 3, "pmc": 8,
    "party": 4, "protesters": 6, "civilians": 7, "international_org": 8, "ngo": 8,
    "media": 8, "media_monitor": 8, "coalition": 8, "unidentified": 3,
}


def _date(v: Any) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, date):
        return v
    s = str(v)
    parts = s.split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 1, 1)
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1)
    return date.fromisoformat(s)


def _in_range(d: date | None, start: date | None, end: date | None) -> bool:
    if d is None:
        return end is None
    return (start is None or start <= d) and (end is None or d < end)


def _list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


@dataclass(slots=True)
class NamePeriod:
    name: str
    start: date | None = None
    end: date | None = None  # exclusive


@dataclass(slots=True)
class Actor:
    id: str
    name: str  # canonical (current) coding name
    type: str
    country: str | None = None  # ISO2
    aliases: list[str] = field(default_factory=list)  # matched case-insensitively, transliteration-insensitively
    abbr: list[str] = field(default_factory=list)  # matched case-sensitively (HaD, TIP, US)
    context_aliases: list[str] = field(default_factory=list)  # only after the actor was named in the doc
    demonyms: list[str] = field(default_factory=list)  # adjectives/nouns: Turkish, Turks
    capitals: list[str] = field(default_factory=list)  # metonyms: Ankara, Kremlin
    forces: str | None = None  # id of the armed force ("Turkish troops")
    patrols: str | None = None  # id of the force that runs joint patrols (defaults to forces)
    parent: str | None = None  # part_of
    backed_by: list[str] = field(default_factory=list)
    names: list[NamePeriod] = field(default_factory=list)  # rebrandings
    acled_category: int | None = None
    code: str | None = None  # CAMEO / PLOVER actor code (SYRGOVMIL)
    code_as: str | None = None  # id of the actor this one is coded as (unit -> force level)
    generic: str | None = None  # civilians|protesters|unidentified|rebels: target of generic descriptors
    description: str | None = None
    pack: str = ""
    police: str | None = None  # id of the state's police ("Colombian police")
    adjective: str | None = None  # states: the demonym adjective used in derived names ("Burkinabe")
    country_name: str | None = None  # states: the country's name in generic actors ("Syria")
    local_aliases: list[str] = field(default_factory=list)  # only in documents focused on `country`
    members: list[str] = field(default_factory=list)  # ids a composite format stands for (Astana guarantors)

    @property
    def all_names(self) -> list[str]:
        out = [self.name, *self.aliases, *(n.name for n in self.names)]
        return list(dict.fromkeys(out))


@dataclass(slots=True)
class Role:
    actor: str
    title: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(slots=True)
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    pack: str = ""

    def role_at(self, d: date | None) -> Role | None:
        """The role held at ``d`` (latest role when ``d`` is None or none matches)."""
        if not self.roles:
            return None
        if d is not None:
            for r in self.roles:
                if _in_range(d, r.start, r.end):
                    return r
            # closest in time
            def dist(r: Role) -> int:
                if r.start and d < r.start:
                    return (r.start - d).days
                if r.end and d >= r.end:
                    return (d - r.end).days
                return 0
            return min(self.roles, key=dist)
        current = [r for r in self.roles if r.end is None]
        return (current or self.roles)[-1]


def builtin_pack_dir() -> Path:
    return Path(str(resources.files("eventwatch") / "data" / "kb" / "packs"))


def user_pack_dir() -> Path:
    env = os.environ.get("EVENTWATCH_KB_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or "~/.local/share"
    return Path(base).expanduser() / "eventwatch" / "kb"


def _pack_files(d: Path) -> list[Path]:
    if d.is_file():
        return [d]
    if not d.is_dir():
        return []
    return sorted([*d.glob("*.yaml"), *d.glob("*.yml")], key=lambda p: p.name)


class KnowledgeBase:
    """Actors and persons with name indexes."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.persons: dict[str, Person] = {}
        self.packs: list[str] = []
        self._key_index: dict[str, list[str]] = {}
        self._person_index: dict[str, list[str]] = {}
        self._demonyms: dict[str, str] = {}
        self._capitals: dict[str, str] = {}
        self._country_state: dict[str, str] = {}
        self._generic: dict[tuple[str, str], str] = {}
        self._state_extra: dict[str, dict[str, Any]] = {}  # forces_aliases/police_name/police_aliases
        self._cache: dict[str, Any] = {}  # derived indexes (actors.py)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls,
        extra_dirs: Iterable[str | Path] | None = None,
        paths: Iterable[str | Path] | None = None,
        include_user: bool = True,
    ) -> KnowledgeBase:
        """Load the built-in packs (or ``paths`` instead), ``extra_dirs`` and the user packs."""
        kb = cls()
        files: list[Path] = []
        if paths is not None:
            for p in paths:
                files.extend(_pack_files(Path(p)))
        else:
            files.extend(_pack_files(builtin_pack_dir()))
        for d in extra_dirs or ():
            files.extend(_pack_files(Path(d)))
        if include_user:
            files.extend(_pack_files(user_pack_dir()))
        seen: set[Path] = set()
        for f in files:
            rf = f.resolve()
            if rf in seen:
                continue
            seen.add(rf)
            kb.add_pack(yaml.safe_load(f.read_text(encoding="utf-8")) or {}, pack=f.stem)
        kb.derive_state_actors()
        kb.reindex()
        return kb

    # ------------------------------------------------------------------ derived actors
    def adjective_of(self, state: Actor) -> str:
        """The demonym adjective of a state: curated ``adjective``, else the first single-word
        demonym that is not a misspelling of the name (Phoenix lists "Afganistan" as a synonym),
        else the country name."""
        if state.adjective:
            return state.adjective
        from rapidfuzz import fuzz

        cname = self.country_name_of(state)
        for d in state.demonyms:
            if not d[:1].isupper() or (d.endswith("s") and not d.endswith(("ese", "ss"))):
                continue
            if fuzz.ratio(d.lower(), cname.lower()) >= 80:
                continue
            if d.lower().endswith(("an", "ian", "ese", "i", "ish", "ic", "ean", "ard", "ch", "ot", "ene", "ais")):
                return d
        return cname

    def country_name_of(self, state: Actor) -> str:
        return state.country_name or state.name

    def derive_state_actors(self) -> None:
        """For every state (the first ``state`` entry of each country): the armed forces
        ("<Adjective> Armed Forces", id ``<state>-armed-forces``), the police ("<Adjective>
        Police" or the pack's ``police_name``, id ``<state>-police``) and the generic actors
        "Civilians (<Country>)", "Protesters (<Country>)", "Rioters (<Country>)", "Unidentified armed group
        (<Country>)" -- unless a pack gives them.  Derived actors have ``pack="derived"``."""
        primary: dict[str, Actor] = {}
        for a in self.actors.values():
            if a.type == "state" and a.country and a.country not in primary:
                primary[a.country] = a
        existing_generic = {(a.generic, a.country) for a in self.actors.values() if a.generic and a.country}

        def split(names: list[str]) -> tuple[list[str], list[str]]:
            ab = [n for n in names if n.isupper() and " " not in n and len(n) <= 6]
            return [n for n in names if n not in ab], ab

        def extend(a: Actor, aliases: list[str]) -> None:
            al, ab = split(aliases)
            a.aliases.extend(x for x in al if x not in a.aliases and x != a.name)
            a.abbr.extend(x for x in ab if x not in a.abbr)

        for cc, st in primary.items():
            adj = self.adjective_of(st)
            cname = self.country_name_of(st)
            extra = self._state_extra.get(st.id, {})
            fal = list(extra.get("forces_aliases", []))
            names_of = [cname] if cname == adj else [adj, cname]
            generic_f = [f"Military Forces of {cname}", *(f"{n} {w}" for n in names_of for w in ("Armed Forces", "army", "military"))]
            if st.forces and st.forces in self.actors:
                extend(self.actors[st.forces], [*fal, f"Military Forces of {cname}"])
            else:
                fid = st.forces or f"{st.id}-armed-forces"
                if fid not in self.actors:
                    self.actors[fid] = Actor(fid, f"{adj} Armed Forces", "state_armed_force", cc, parent=st.id,
                                             code=f"{st.code}MIL" if st.code else None, acled_category=1, pack="derived")
                extend(self.actors[fid], fal + generic_f)
                st.forces = fid
            pal = list(extra.get("police_aliases", []))
            generic_p = [f"Police Forces of {cname}", *(f"{n} police" for n in names_of)]
            if st.police and st.police in self.actors:
                extend(self.actors[st.police], pal + generic_p)
            else:
                pid = st.police or f"{st.id}-police"
                if pid not in self.actors:
                    self.actors[pid] = Actor(pid, extra.get("police_name") or f"{adj} Police", "police", cc, parent=st.id,
                                             code=f"{st.code}COP" if st.code else None, acled_category=1, pack="derived")
                elif extra.get("police_name"):
                    self.actors[pid].name = extra["police_name"]
                extend(self.actors[pid], pal + generic_p)
                st.police = pid
            for kind, prefix, label, typ, acled, words in (
                ("civilians", "civilians", "Civilians", "civilians", 7, ("civilians",)),
                ("protesters", "protesters", "Protesters", "protesters", 6, ("protesters", "demonstrators")),
                ("rioters", "rioters", "Rioters", "rioters", 5, ("rioters",)),
                ("unidentified", "unidentified-armed-group", "Unidentified armed group", "unidentified", 3, ()),
            ):
                if (kind, cc) in existing_generic:
                    continue
                gid = f"{prefix}-{st.id}"
                g = self.actors.get(gid)
                if g is None:
                    g = Actor(gid, f"{label} ({cname})", typ, cc, acled_category=acled, pack="derived")
                    self.actors[gid] = g
                g.generic = kind
                extend(g, [f"{label} ({cname})", *(f"{adj} {w}" for w in words if adj != cname)])

    def add_pack(self, data: dict[str, Any], pack: str = "") -> None:
        self.packs.append(str(data.get("pack") or pack))
        for a in data.get("actors") or []:
            self._add_actor(a, pack)
        for p in data.get("persons") or []:
            self._add_person(p, pack)

    def _add_actor(self, a: dict[str, Any], pack: str) -> None:
        aid = str(a["id"])
        names = [
            NamePeriod(str(n["name"]), _date(n.get("from")), _date(n.get("to")))
            for n in a.get("names") or []
        ]
        extra = self._state_extra.setdefault(aid, {}) if any(
            k in a for k in ("forces_aliases", "police_name", "police_aliases")) else None
        if extra is not None:
            extra.setdefault("forces_aliases", []).extend(_list(a.get("forces_aliases")))
            extra.setdefault("police_aliases", []).extend(_list(a.get("police_aliases")))
            if a.get("police_name"):
                extra["police_name"] = str(a["police_name"])
        if aid in self.actors:
            old = self.actors[aid]
            for k in ("aliases", "abbr", "context_aliases", "demonyms", "capitals", "backed_by", "local_aliases", "members"):
                getattr(old, k).extend(x for x in _list(a.get(k)) if x not in getattr(old, k))
            for k in ("name", "type", "country", "forces", "patrols", "parent", "code", "code_as", "generic", "description",
                      "police", "adjective", "country_name"):
                if a.get(k) is not None:
                    setattr(old, k, str(a[k]))
            if a.get("part_of") is not None:
                old.parent = str(a["part_of"])
            if a.get("acled_category") is not None:
                old.acled_category = int(a["acled_category"])
            if names:
                old.names = names
            return
        typ = str(a.get("type") or "unknown")
        acled = a.get("acled_category")
        self.actors[aid] = Actor(
            id=aid,
            name=str(a.get("name") or aid),
            type=typ,
            country=a.get("country"),
            aliases=_list(a.get("aliases")),
            abbr=_list(a.get("abbr")),
            context_aliases=_list(a.get("context_aliases")),
            demonyms=_list(a.get("demonyms")),
            capitals=_list(a.get("capitals")),
            forces=a.get("forces"),
            patrols=a.get("patrols"),
            parent=a.get("parent") or a.get("part_of"),
            backed_by=_list(a.get("backed_by")),
            names=names,
            acled_category=int(acled) if acled is not None else DEFAULT_ACLED.get(typ),
            code=a.get("code"),
            generic=a.get("generic"),
            code_as=a.get("code_as"),
            description=a.get("description"),
            pack=pack,
            police=a.get("police"),
            adjective=a.get("adjective"),
            country_name=a.get("country_name"),
            local_aliases=_list(a.get("local_aliases")),
            members=_list(a.get("members")),
        )

    def _add_person(self, p: dict[str, Any], pack: str) -> None:
        pid = str(p["id"])
        roles = [
            Role(str(r["actor"]), str(r.get("title") or ""), _date(r.get("from")), _date(r.get("to")))
            for r in p.get("roles") or []
        ]
        if pid in self.persons:
            old = self.persons[pid]
            old.aliases.extend(x for x in _list(p.get("aliases")) if x not in old.aliases)
            if roles:
                old.roles = roles
            if p.get("name"):
                old.name = str(p["name"])
            return
        self.persons[pid] = Person(pid, str(p.get("name") or pid), _list(p.get("aliases")), roles, pack)

    def reindex(self) -> None:
        self._key_index.clear()
        self._person_index.clear()
        self._demonyms.clear()
        self._capitals.clear()
        self._country_state.clear()
        self._generic.clear()
        self._cache.clear()
        for a in self.actors.values():
            for n in a.all_names:
                k = name_key(n)
                if k:
                    ids = self._key_index.setdefault(k, [])
                    if a.id not in ids:
                        ids.append(a.id)
            for d in a.demonyms:
                self._demonyms.setdefault(name_key(d), a.id)
            for c in a.capitals:
                self._capitals.setdefault(name_key(c), a.id)
            if a.type == "state" and a.country:
                self._country_state.setdefault(a.country, a.id)
            if a.generic and a.country:
                self._generic.setdefault((a.generic, a.country), a.id)
        for p in self.persons.values():
            for n in [p.name, *p.aliases]:
                k = name_key(n)
                if k:
                    ids = self._person_index.setdefault(k, [])
                    if p.id not in ids:
                        ids.append(p.id)

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def get(self, actor_id: str) -> Actor | None:
        if actor_id.startswith("actor:"):
            actor_id = actor_id[6:]
        return self.actors.get(actor_id)

    def lookup(self, name: str) -> list[Actor]:
        """Actors whose name/alias/former name/demonym/capital has the same ``name_key``;
        abbreviations match case-sensitively."""
        out: list[Actor] = []
        for a in self.actors.values():
            if name in a.abbr:
                out.append(a)
        k = name_key(name)
        ids = list(self._key_index.get(k, []))
        for idx in (self._capitals, self._demonyms):
            if k in idx and idx[k] not in ids:
                ids.append(idx[k])
        for i in ids:
            if self.actors[i] not in out:
                out.append(self.actors[i])
        return out

    def lookup_person(self, name: str) -> list[Person]:
        return [self.persons[i] for i in self._person_index.get(name_key(name), [])]

    def state_of(self, country: str | None) -> Actor | None:
        if not country:
            return None
        sid = self._country_state.get(country)
        return self.actors.get(sid) if sid else None

    def forces_of(self, state: Actor | None) -> Actor | None:
        return self.get(state.forces) if state is not None and state.forces else None

    def police_of(self, state: Actor | None) -> Actor | None:
        return self.get(state.police) if state is not None and state.police else None

    def generic_actor(self, kind: str, country: str | None) -> Actor | None:
        """The actor that generic descriptors of ``kind`` ("civilians", "rebels"...) in a
        document focused on ``country`` resolve to."""
        aid = self._generic.get((kind, country or ""))
        return self.actors.get(aid) if aid else None

    def demonym_state(self, word: str) -> Actor | None:
        sid = self._demonyms.get(name_key(word))
        return self.actors.get(sid) if sid else None

    def capital_state(self, word: str) -> Actor | None:
        sid = self._capitals.get(name_key(word))
        return self.actors.get(sid) if sid else None

    def coding_name(self, actor_id: str) -> str:
        """The name mentions of this actor are coded with: its ``name``, or the name of its
        ``code_as`` actor (Republican Guard -> "Syrian Arab Army", Baqir Brigade ->
        "Iran-backed militias", per the annotation guidelines' state/force level)."""
        a = self.get(actor_id)
        if a is None:
            return actor_id
        seen = 0
        while a.code_as and seen < 5:
            b = self.get(a.code_as)
            if b is None:
                break
            a, seen = b, seen + 1
        return a.name

    def name_at(self, actor_id: str, when: date | str | None) -> str:
        """The name the actor went by at ``when`` (its coding name if no rebranding applies)."""
        a = self.get(actor_id)
        if a is None:
            return actor_id
        d = _date(when) if not isinstance(when, date) else when
        if d is not None:
            for n in a.names:
                if _in_range(d, n.start, n.end):
                    return n.name
        return a.name

    def person_actor(self, person_id: str, when: date | None = None) -> Actor | None:
        p = self.persons.get(person_id)
        if p is None:
            return None
        r = p.role_at(when)
        return self.get(r.actor) if r else None

    def ancestors(self, actor_id: str) -> list[Actor]:
        out: list[Actor] = []
        a = self.get(actor_id)
        while a is not None and a.parent and len(out) < 10:
            a = self.get(a.parent)
            if a is not None:
                out.append(a)
        return out

    # ------------------------------------------------------------------ spaCy
    def ruler_patterns(self) -> list[dict]:
        """Entity-ruler patterns: ORG for groups, NORP for demonyms, PERSON for persons.

        State names and capitals are left to the gazetteer (GPE); abbreviations are
        case-sensitive token patterns (``[{"TEXT": "HaD"}]``), everything else is a phrase
        pattern string matched on LOWER.  ``id`` is ``actor:<kb id>``.
        """
        pats: list[dict] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, pattern: Any, aid: str) -> None:
            key = (str(pattern).lower(), aid)
            if key in seen:
                return
            seen.add(key)
            pats.append({"label": label, "pattern": pattern, "id": f"actor:{aid}"})

        for a in self.actors.values():
            if a.pack == "derived" and a.generic:
                continue  # "Civilians (Chad)": resolved by the descriptor rules, not the ruler
            if a.type != "state":
                for n in a.all_names:
                    if len(n) < 3:
                        continue
                    add("ORG", n, a.id)
                    if "-" in n:
                        add("ORG", n.replace("-", " "), a.id)
                for ab in a.abbr:
                    add("ORG", [{"TEXT": ab}], a.id)
            for d in a.demonyms:
                add("NORP", d, a.id)
        for p in self.persons.values():
            r = p.role_at(None)
            if r is None:
                continue
            for n in [p.name, *p.aliases]:
                if len(n) >= 4:
                    add("PERSON", n, r.actor)
        return pats
