"""The gazetteer: an indexed SQLite file of places with an in-memory name index.

``Gazetteer.load()`` opens ``eventwatch/data/gazetteer/gazetteer.sqlite`` (built by
``scripts/build_gazetteer.py``) and the optional user gazetteer
(``$EVENTWATCH_GAZETTEER_DIR/gazetteer-user.sqlite``, default
``~/.local/share/eventwatch/``) that ``import_geonames`` fills from GeoNames dumps.

The "core" places (the Syria pack, curated features, countries, cities of 100,000+
people and capitals) are preloaded into dictionaries; the long tail (GeoNames cities500)
is looked up by indexed key on demand and cached.  Lookup order: exact name, then the
transliteration-insensitive key, then (only when a country is given, and only within it)
fuzzy matching above a threshold.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "gazetteer.sqlite"
CURATED_PATH = DATA_PATH.parent / "curated.yaml"
USER_DB_NAME = "gazetteer-user.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS places(
    id TEXT PRIMARY KEY, name TEXT NOT NULL, ascii TEXT, lat REAL, lon REAL, feature TEXT,
    country TEXT, admin1 TEXT, admin2 TEXT, population INTEGER DEFAULT 0, source TEXT,
    geometry_json TEXT, precision INTEGER, ruler INTEGER DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names(
    place_id TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL, lang TEXT,
    ruler INTEGER DEFAULT 0,
    PRIMARY KEY (key, place_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);
"""

# feature -> (ruler label, default ACLED precision, prior weight)
FEATURES: dict[str, tuple[str, int, float]] = {
    "country": ("GPE", 3, 3.0),
    "capital": ("GPE", 1, 2.6),
    "city": ("GPE", 1, 2.2),
    "admin1": ("GPE", 3, 2.4),
    "admin2": ("GPE", 3, 1.0),
    "admin3": ("GPE", 2, 0.6),
    "town": ("GPE", 1, 1.6),
    "village": ("GPE", 1, 1.0),
    "neighbourhood": ("GPE", 1, 0.8),
    "camp": ("GPE", 1, 0.8),
    "region": ("LOC", 3, 1.8),
    "zone": ("LOC", 3, 1.8),
    "area": ("LOC", 2, 1.4),
    "mountain": ("LOC", 2, 1.4),
    "hill": ("LOC", 1, 0.7),
    "road": ("FAC", 2, 1.5),
    "crossing": ("FAC", 1, 1.4),
    "base": ("FAC", 1, 1.2),
    "airport": ("FAC", 1, 1.2),
    "port": ("FAC", 1, 1.0),
    "dam": ("FAC", 1, 0.8),
    "industrial": ("FAC", 1, 0.6),
    "oilfield": ("FAC", 1, 0.6),
}
_DEFAULT_FEATURE = ("GPE", 1, 1.0)
FUZZY_THRESHOLD = 88.0
_DASHED = re.compile(r"(?<=[A-Za-z])-(?=[A-Z])")


def _base_key(s: str) -> str:
    try:
        from eventwatch.resolve._normalise import name_key
    except ImportError:  # pragma: no cover - the shared helper is missing
        import re

        t = re.sub(r"[\u02bb\u02bc\u02be\u02bf'`\u2018\u2019\".]", "", anyascii(s).lower())
        words = re.sub(r"[^a-z0-9]+", " ", t).split()
        arts = {"al", "el", "as", "ash", "ad", "an", "ar", "at", "az", "the"}
        return " ".join(w for w in words if w not in arts)
    return name_key(s)


def _post_word(w: str) -> str:
    if len(w) > 1:
        w = w[0] + w[1:].replace("y", "i").replace("o", "u").replace("w", "u")
    out: list[str] = []
    for ch in w:  # collapse doubles created by the replacements
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


# an assimilated article glued to a later word: "Khan Assubul" = "Khan as-Subul"
_GLUED_ARTICLE = re.compile(r"(?<=\w[\s-])([AaEe])([tdrzsnl])\2(?=[a-z]{3,})")


@lru_cache(maxsize=200_000)
def place_key(s: str) -> str:
    """Transliteration-insensitive key of a place name (``name_key`` + y/i, o/u, w/u)."""
    s = _GLUED_ARTICLE.sub(lambda m: f"{m.group(1)}{m.group(2)}-{m.group(2)}", s)
    return " ".join(_post_word(w) for w in _base_key(s).split(" ") if w)


AFFIXES_PATH = DATA_PATH.parent / "admin_affixes.yaml"


@lru_cache(maxsize=1)
def _admin_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    import yaml

    data = yaml.safe_load(AFFIXES_PATH.read_text(encoding="utf-8")) or {}
    def norm(words: list[str]) -> tuple[str, ...]:
        return tuple(sorted({w.lower() for w in words or ()}, key=len, reverse=True))
    return norm(data.get("prefixes", [])), norm(data.get("suffixes", []))


@lru_cache(maxsize=50_000)
def admin_core_name(name: str) -> str:
    """An administrative name without its type words: "Wilayat-e Baghlan" -> "Baghlan",
    "Provincia de Buenos Aires" -> "Buenos Aires", "Khost province" -> "Khost"
    (the affixes are data: ``admin_affixes.yaml``).  The name itself when nothing is left."""
    prefixes, suffixes = _admin_affixes()
    core = name.strip()
    low = core.lower()
    for pre in prefixes:
        if low.startswith(pre + " ") or (pre.endswith("-") and low.startswith(pre)):
            core = core[len(pre):].strip(" -")
            break
        if low.startswith(pre + "-"):
            core = core[len(pre) + 1:].strip()
            break
    low = core.lower()
    for suf in suffixes:
        if low.endswith(" " + suf) and len(low) > len(suf) + 2:
            core = core[: -len(suf) - 1].strip(" ,-")
            break
    return core or name.strip()


_PROBES = ("Maarat al-Numan", "Khan Shaykhoun", "Deir ez-Zor", "Tell Abyad", "Jisr al-Shughur",
           "Qamishli", "Ra's al-'Ayn", "Zawiyah", "Aqrabat", "Tall Rif'at")


def key_fingerprint() -> str:
    return "|".join(place_key(p) for p in _PROBES)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * (
        1 - math.cos((lon2 - lon1) * p)
    ) / 2
    return 12742 * math.asin(math.sqrt(max(a, 0.0)))


@dataclass(slots=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    feature: str
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    source: str = ""
    precision: int | None = None  # overrides the feature default (curated features)
    has_geometry: bool = False

    @property
    def label(self) -> str:
        return FEATURES.get(self.feature, _DEFAULT_FEATURE)[0]

    @property
    def default_precision(self) -> int:
        return self.precision or FEATURES.get(self.feature, _DEFAULT_FEATURE)[1]

    @property
    def prior(self) -> float:
        """Importance of the place for disambiguation (feature weight + log population)."""
        w = FEATURES.get(self.feature, _DEFAULT_FEATURE)[2]
        return w + math.log10(1 + max(self.population, 0)) / 2 + (0.5 if self.source == "curated" else 0)


@dataclass(slots=True)
class Candidate:
    place: Place
    how: str  # exact | key | fuzzy
    score: float  # match quality 0..100
    matched: str  # the gazetteer name that matched

    @property
    def id(self) -> str:
        return self.place.id


@dataclass
class _Db:
    path: Path
    con: sqlite3.Connection
    lock: threading.Lock = field(default_factory=threading.Lock)

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self.lock:
            return self.con.execute(sql, args).fetchall()


_PLACE_COLS = "id, name, lat, lon, feature, country, admin1, admin2, population, source, precision, geometry_json IS NOT NULL"


def _row_place(r: tuple) -> Place:
    return Place(r[0], r[1], r[2], r[3], r[4] or "village", r[5], r[6], r[7], r[8] or 0,
                 r[9] or "", r[10], bool(r[11]))


def user_db_path() -> Path:
    d = os.environ.get("EVENTWATCH_GAZETTEER_DIR")
    base = Path(d).expanduser() if d else Path.home() / ".local" / "share" / "eventwatch"
    return base / USER_DB_NAME


class Gazetteer:
    """Places by name.  Use :meth:`load`; instances are read-only and thread-safe."""

    def __init__(self, dbs: list[_Db]) -> None:
        self.dbs = dbs
        self.places: dict[str, Place] = {}
        self.index: dict[str, list[str]] = {}  # key -> place ids (core places only)
        self.exact: dict[str, list[str]] = {}  # lower-cased name -> place ids (core)
        self._ruler: list[tuple[str, str]] = []  # (name, place id) ruler names
        self._key_cache: dict[str, tuple[str, ...]] = {}
        self._fuzzy_keys: dict[str, dict] = {}  # country -> (first letter, words) -> keys
        self._lock = threading.Lock()
        self.recomputed_keys = False
        # countries covered down to villages and hills by conflict-specific sources (the
        # build's regional packs): a bare proper noun matching one of their places is a place
        self.pack_countries: set[str] = set()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None, user_path: str | Path | None = None,
             include_user: bool = True) -> Gazetteer:
        path = Path(path) if path else DATA_PATH
        if not path.exists():
            raise FileNotFoundError(f"gazetteer not built: {path} (run scripts/build_gazetteer.py)")
        dbs = [_Db(path, sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False))]
        up = Path(user_path) if user_path else user_db_path()
        if include_user and up.exists():
            dbs.append(_Db(up, sqlite3.connect(f"file:{up}?mode=ro", uri=True, check_same_thread=False)))
        g = cls(dbs)
        g._preload()
        return g

    def _preload(self) -> None:
        self._load_admin_units()
        for db in self.dbs:
            meta = dict(db.query("SELECT k, v FROM meta"))
            fp = meta.get("key_fingerprint")
            self.pack_countries |= {cc for cc in (meta.get("pack_countries") or "").split(",") if cc}
            stale = fp != key_fingerprint()
            self.recomputed_keys |= stale
            core = "ruler = 1" if db is self.dbs[0] else "1"
            for r in db.query(f"SELECT {_PLACE_COLS} FROM places WHERE {core}"):
                self.places[r[0]] = _row_place(r)
            for pid, name, key, _lang, ruler in db.query(
                f"SELECT n.place_id, n.name, n.key, n.lang, n.ruler FROM names n "
                f"JOIN places p ON p.id = n.place_id WHERE {'p.ruler = 1' if core != '1' else '1'}"
            ):
                if stale:
                    key = place_key(name)
                self.index.setdefault(key, []).append(pid)
                self.exact.setdefault(name.lower(), []).append(pid)
                if ruler:
                    self._ruler.append((name, pid))

    def _load_admin_units(self, path: Path | None = None) -> None:
        """Admin units outside Syria from ``curated.yaml``'s ``admin_units`` (read at run time,
        not part of the sqlite build): "Al Jazirah state", "Shan State", "Cauca province"."""
        path = path or CURATED_PATH
        try:
            import yaml

            rows = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("admin_units") or []
        except (OSError, ImportError):  # pragma: no cover - data file missing
            return
        for pid, name, cc, feature, lat, lon, alts in rows:
            p = Place(f"adm:{pid}", name, float(lat), float(lon), feature, cc, None, None, 0, "curated-admin", 3)
            self.places[p.id] = p
            for n in dict.fromkeys([name, *alts]):
                key = place_key(n)
                if key:
                    self.index.setdefault(key, []).append(p.id)
                    self.exact.setdefault(n.lower(), []).append(p.id)

    # ------------------------------------------------------------------ access
    def get(self, place_id: str) -> Place | None:
        p = self.places.get(place_id)
        if p is not None:
            return p
        for db in self.dbs:
            rows = db.query(f"SELECT {_PLACE_COLS} FROM places WHERE id = ?", (place_id,))
            if rows:
                p = _row_place(rows[0])
                with self._lock:
                    self.places[place_id] = p
                return p
        return None

    def geometry(self, place_id: str) -> dict | None:
        for db in self.dbs:
            rows = db.query("SELECT geometry_json FROM places WHERE id = ?", (place_id,))
            if rows and rows[0][0]:
                return json.loads(rows[0][0])
        return None

    def names_of(self, place_id: str) -> list[str]:
        out: list[str] = []
        for db in self.dbs:
            out += [r[0] for r in db.query("SELECT name FROM names WHERE place_id = ?", (place_id,))]
        return out

    def _ids_for_key(self, key: str) -> tuple[str, ...]:
        hit = self._key_cache.get(key)
        if hit is not None:
            return hit
        ids = list(self.index.get(key, ()))
        for db in self.dbs[:1]:  # the long tail of the main db (user db is fully preloaded)
            for (pid,) in db.query("SELECT place_id FROM names WHERE key = ?", (key,)):
                if pid not in ids:
                    ids.append(pid)
        out = tuple(dict.fromkeys(ids))
        with self._lock:
            if len(self._key_cache) > 200_000:
                self._key_cache.clear()
            self._key_cache[key] = out
        return out

    def lookup(self, name: str, country: str | None = None, fuzzy: bool = True,
               limit: int = 20) -> list[Candidate]:
        """Candidates for a name, best prior first.

        ``country`` (ISO2) restricts the candidates to that country and enables fuzzy
        matching within it (score >= ``FUZZY_THRESHOLD``) when nothing matches exactly.
        """
        key = place_key(name)
        if not key:
            return []
        low = name.strip().lower()
        exact_ids = set(self.exact.get(low, ()))
        out: list[Candidate] = []
        for pid in self._ids_for_key(key):
            p = self.get(pid)
            if p is None or (country and p.country != country):
                continue
            how = "exact" if pid in exact_ids else "key"
            out.append(Candidate(p, how, 100.0 if how == "exact" else 95.0, name))
        if not out and fuzzy and country:
            out = self._fuzzy(key, country, name)
        out.sort(key=lambda c: (-c.score // 5, -c.place.prior))
        return out[:limit]

    def _fuzzy(self, key: str, country: str, name: str) -> list[Candidate]:
        if len(key) < 5:
            return []
        from rapidfuzz import fuzz, process

        buckets = self._fuzzy_keys.get(country)
        if buckets is None:
            buckets = {}
            for k, ids in self.index.items():
                if any(self.places[i].country == country for i in ids if i in self.places):
                    buckets.setdefault((k[0], k.count(" ")), []).append(k)
            with self._lock:
                self._fuzzy_keys[country] = buckets
        # candidates share the first letter and the word count (no "Hama" for "Homs")
        keys = [k for k in buckets.get((key[0], key.count(" ")), ()) if abs(len(k) - len(key)) <= 3]
        out: list[Candidate] = []
        for k, score, _ in process.extract(key, keys, scorer=fuzz.ratio, limit=5,
                                           score_cutoff=FUZZY_THRESHOLD):
            # first letters and word count must agree (no "Hama" for "Homs")
            if k[0] != key[0] or k.count(" ") != key.count(" "):
                continue
            for pid in self.index.get(k, ()):
                p = self.places.get(pid)
                if p is not None and p.country == country:
                    out.append(Candidate(p, "fuzzy", float(score), k))
        return out

    # ------------------------------------------------------------------ entity ruler
    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns (GPE/LOC/FAC, ``id="place:<id>"``) for the core places.

        One pattern per lower-cased name; its id is the place with the highest prior.  The
        resolver treats the id as a hint and re-disambiguates in context.
        """
        best: dict[str, tuple[float, str, str]] = {}
        for name, pid in self._ruler:
            p = self.places[pid]
            low = name.lower()
            cur = best.get(low)
            if cur is None or p.prior > cur[0]:
                best[low] = (p.prior, name, pid)
        pats = []
        for _prior, name, pid in best.values():
            label = self.places[pid].label
            pats.append({"label": label, "pattern": name, "id": f"place:{pid}"})
            if "-" in name and _DASHED.search(name):  # "Aleppo-Latakia" as news writes it
                for d in (" - ", " – ", "–", " — "):
                    pats.append({"label": label, "pattern": _DASHED.sub(d, name), "id": f"place:{pid}"})
        return pats

    def __len__(self) -> int:
        n = 0
        for db in self.dbs:
            n += db.query("SELECT count(*) FROM places")[0][0]
        return n


# ---------------------------------------------------------------------- GeoNames import
GEONAMES_FEATURES = {
    "PPLC": "capital", "PPLA": "city", "PPLA2": "town", "PPLA3": "town", "PPLA4": "village",
    "PPL": "village", "PPLX": "neighbourhood", "PPLL": "village", "PPLF": "village",
    "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "PCLI": "country", "MT": "mountain",
    "MTS": "mountain", "HLL": "hill", "HLLS": "hill", "RD": "road", "AIRP": "airport",
    "AIRB": "base", "INSM": "base", "DAM": "dam", "PO": "port", "PRT": "port", "RGN": "region",
    "AREA": "area", "CMP": "camp", "CMPRF": "camp", "PSTB": "crossing", "BDG": "crossing",
}


def _parse_geonames(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                continue
            yield cols


def import_geonames(dump_path: str | Path, alternate_names_path: str | Path | None = None,
                    db_path: str | Path | None = None) -> int:
    """Append a GeoNames dump (``SY.txt``, ``allCountries.txt``: 19 tab-separated columns)
    and optionally ``alternateNamesV2.txt`` to the user gazetteer; returns places added."""
    dump_path = Path(dump_path)
    db_path = Path(db_path) if db_path else user_db_path()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db_path)
    con.executescript(SCHEMA)
    con.execute("INSERT OR REPLACE INTO meta(k, v) VALUES ('key_fingerprint', ?)",
                (key_fingerprint(),))
    added = 0
    ids: set[str] = set()
    for c in _parse_geonames(dump_path):
        gid, name, asciiname, alts = c[0], c[1], c[2], c[3]
        try:
            lat, lon = float(c[4]), float(c[5])
        except ValueError:
            continue
        fcode = c[7]
        feature = GEONAMES_FEATURES.get(fcode, "village" if c[6] == "P" else "area")
        pop = int(c[14]) if len(c) > 14 and c[14].strip().isdigit() else 0
        if feature == "village" and pop >= 100000:
            feature = "city"
        elif feature == "village" and pop >= 10000:
            feature = "town"
        pid = f"gn:{gid}"
        con.execute(
            "INSERT OR REPLACE INTO places(id, name, ascii, lat, lon, feature, country, admin1,"
            " admin2, population, source, ruler) VALUES (?,?,?,?,?,?,?,?,?,?,?,0)",
            (pid, name, asciiname, lat, lon, feature, c[8] or None, c[10] or None,
             c[11] or None, pop, "geonames-user"),
        )
        con.execute("DELETE FROM names WHERE place_id = ?", (pid,))
        names = {name, asciiname} | {a for a in alts.split(",") if a and len(a) >= 3}
        con.executemany("INSERT OR IGNORE INTO names(place_id, name, key, lang) VALUES (?,?,?,?)",
                        [(pid, n, place_key(n), None) for n in names if place_key(n)])
        ids.add(gid)
        added += 1
    if alternate_names_path:
        rows = []
        for c in _parse_geonames_alt(Path(alternate_names_path)):
            if c[1] in ids and c[2] not in ("link", "post", "iata", "icao", "faac", "wkdt", "unlc"):
                k = place_key(c[3])
                if k:
                    rows.append((f"gn:{c[1]}", c[3], k, c[2] or None))
        con.executemany("INSERT OR IGNORE INTO names(place_id, name, key, lang) VALUES (?,?,?,?)",
                        rows)
    con.commit()
    con.close()
    return added


def _parse_geonames_alt(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 4:
                yield cols


# ---------------------------------------------------------------------- benchmark
def bench_names_per_second(gaz: Gazetteer, names: Iterable[str], repeat: int = 1) -> float:
    """Toponym lookup + disambiguation throughput (names per second), cold caches."""
    from eventwatch.resolve.places import disambiguate

    names = list(names)
    disambiguate(gaz, "Aleppo", focus=("SY",))  # warm imports, not caches
    gaz._key_cache.clear()
    t0 = time.perf_counter()
    n = 0
    for _ in range(repeat):
        for nm in names:
            disambiguate(gaz, nm, focus=("SY",), anchors=())
            n += 1
    dt = time.perf_counter() - t0
    return n / dt if dt > 0 else float("inf")
