"""Toponym recognition and resolution: spaCy ``Doc`` -> ``list[PlaceMention]``.

Recognition
    1. entity-ruler ents with ``ent_id_ == "place:<id>"`` (gazetteer names);
    2. spaCy GPE/LOC/FAC ents (looked up; unresolved ones are kept with reason
       "not in gazetteer");
    3. a key scan over capitalised token runs that neither (1) nor (2) covered (spelling
       variants: "Khan Shaykhoun", "Maaret al-Artik"), restricted to preloaded places.

Relative descriptions
    "X province/governorate/region" -> the governorate (precision 3); "southern Idlib",
    "the southern countryside of Idlib", "Idlib's southern countryside", "west of Aleppo
    city", "2 km west of Saraqib" -> a point offset in that direction (precision 2);
    "the countryside of Afrin", "near X", "outskirts of X" -> X at precision 2.

Disambiguation
    prior (feature weight + log population) + document country focus (majority country of
    unambiguous places, country names and demonyms) + proximity to the document's other
    places + modifier/feature agreement; the ``reason`` field records why.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwatch.models import Document, PlaceMention, Span
from eventwatch.nlp.pipeline import doc_text
from eventwatch.resolve.admin_context import Qualifier, admin_key, admin_match, names_unit, qualifiers
from eventwatch.resolve.gazetteer import Candidate, Gazetteer, Place, admin_core_name, haversine_km, place_key

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCAL_FEATURES = {"city", "capital", "town", "village", "neighbourhood", "camp", "hill", "base",
                  "crossing", "airport", "port", "dam", "industrial", "oilfield", "mountain",
                  "area", "road", "admin3"}
SETTLEMENTS = {"city", "capital", "town", "village", "neighbourhood", "camp"}

DIRECTIONS: dict[str, tuple[float, float]] = {  # (dlat, dlon) unit vectors
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1),
    "northeast": (0.707, 0.707), "northwest": (0.707, -0.707),
    "southeast": (-0.707, 0.707), "southwest": (-0.707, -0.707),
}
_DIR_RE = re.compile(r"^(north|south|east|west|northeast|northwest|southeast|southwest|"
                     r"north-east|north-west|south-east|south-west)(ern|ward|wards)?$", re.IGNORECASE)
ADMIN_WORDS = {"province", "governorate", "region", "provinces", "governorates", "wilayah",
               "oblast", "muhafaza", "state"}
CITY_WORDS = {"city", "town"}
AREA_WORDS = {"countryside", "outskirts", "suburbs", "environs", "surroundings", "vicinity",
              "periphery", "hinterland", "area", "areas"}
DISTRICT_WORDS = {"district", "subdistrict", "sub-district", "nahiya", "canton"}
NEAR_WORDS = {"near", "outside", "around", "nearby", "close"}

DEMONYMS = {
    "syrian": "SY", "turkish": "TR", "russian": "RU", "iraqi": "IQ", "iranian": "IR",
    "lebanese": "LB", "jordanian": "JO", "israeli": "IL", "palestinian": "PS", "libyan": "LY",
    "egyptian": "EG", "saudi": "SA", "yemeni": "YE", "american": "US", "british": "GB",
    "french": "FR", "german": "DE", "afghan": "AF", "pakistani": "PK", "ukrainian": "UA",
    "sudanese": "SD", "somali": "SO", "malian": "ML", "nigerian": "NG", "kurdish": None,
    "tunisian": "TN", "algerian": "DZ", "moroccan": "MA", "ethiopian": "ET", "qatari": "QA",
    "emirati": "AE", "kuwaiti": "KW", "greek": "GR", "cypriot": "CY", "italian": "IT",
    "chinese": "CN", "indian": "IN", "armenian": "AM", "azerbaijani": "AZ", "georgian": "GE",
    "congolese": "CD", "burkinabe": "BF", "burkinabé": "BF", "nigerien": "NE", "mozambican": "MZ",
    "colombian": "CO", "burmese": "MM", "myanmar": "MM", "rwandan": "RW", "tigrayan": "ET",
    "haitian": "HT", "venezuelan": "VE", "mexican": "MX", "kenyan": "KE", "ugandan": "UG",
    "chadian": "TD", "cameroonian": "CM", "ivorian": "CI", "beninese": "BJ",
    "togolese": "TG", "mauritanian": "MR", "eritrean": "ER", "djiboutian": "DJ",
    "philippine": "PH", "filipino": "PH", "bangladeshi": "BD",
}


@dataclass
class _Mention:
    start: int  # token indices of the toponym itself
    end: int
    text: str
    hint: str | None = None  # ruler place id
    label: str = "GPE"
    source: str = "ruler"  # ruler | ner | scan
    # description around it
    d_start: int = -1
    d_end: int = -1
    modifier: str | None = None  # admin | city | area | district | near
    direction: str | None = None
    offset_km: float | None = None
    candidates: list[Candidate] = field(default_factory=list)
    chosen: Candidate | None = None
    reason: str = ""
    scores: dict = field(default_factory=dict)
    quals: list[Qualifier] = field(default_factory=list)  # "X (A, B)", "X, A": A and B
    via: str | None = None  # the qualifier that located an unknown toponym
    stripped: bool = False  # candidates of the name without its type word ("Khost" of "Khost city")


# ---------------------------------------------------------------------- public API
def resolve_places(doc: Doc, document: Document | None, gazetteer: Gazetteer,
                   exclude_spans: Sequence[tuple[int, int]] = ()) -> list[PlaceMention]:
    """All place mentions of a document, resolved against the gazetteer, in text order.

    ``exclude_spans``: character ranges already resolved to actors (never read as places)."""
    mentions = _recognise(doc, gazetteer, exclude_spans)
    looked: dict[str, list[Candidate]] = {}  # one lookup per name per document

    def look(name: str) -> list[Candidate]:
        hit = looked.get(name)
        if hit is None:
            hit = looked[name] = gazetteer.lookup(name) if name else []
        return hit

    for m in mentions:
        _describe(doc, m)
        m.candidates = list(look(m.text))
        words = m.text.split()
        if m.modifier in ("admin", "district") and len(words) > 1 and words[-1].lower() in ADMIN_TYPE_WORDS:
            seen = {c.place.id for c in m.candidates}
            m.candidates += [c for c in look(" ".join(words[:-1])) if c.place.id not in seen]
        if m.modifier in ("admin", "district"):
            admin = [c for c in m.candidates if c.place.feature in ("admin1", "admin2", "admin3", "region")]
            if admin:  # "Al Jazirah state" is the state, never a town elsewhere
                m.candidates = admin
        if not m.candidates and len(words) > 1 and words[-1].lower() in TYPE_WORDS:
            m.candidates = list(look(" ".join(words[:-1])))  # "Khost city", "Jabulussaraj district"
            m.stripped = True
        _feature_word(doc, m)
        m.quals = qualifiers(doc, m.end)
    country_keys = _country_keys(gazetteer)
    province_named = {place_key(doc[m.start:m.end].text) for m in mentions if m.modifier == "admin"}
    focus, mentioned = _focus(doc, mentions)
    mentions = [m for m in mentions if m.source != "ctx" or _ctx_keep(m, focus, mentioned, country_keys)]
    for m in mentions:  # "Al Midan district" in Damascus is not Medan in Sumatra
        if m.stripped and not _ctx_keep(m, focus, mentioned, country_keys):
            m.candidates = []
    # anchors: mentions with a single local candidate (or a single country) are unambiguous
    anchors: list[tuple[int, Place]] = []
    for m in mentions:
        local = [c for c in m.candidates if c.place.feature in LOCAL_FEATURES]
        countries = {c.place.country for c in m.candidates}
        if len(local) == 1 and len(countries) == 1:
            anchors.append((m.start, local[0].place))
    for m in mentions:
        _choose(doc, m, gazetteer, focus, mentioned, anchors, province_named, country_keys)
    _one_sense(mentions)
    _units_of_qualifiers(mentions)
    _located_by_qualifiers(mentions, gazetteer, focus, country_keys)
    out = [_to_place_mention(doc, m, gazetteer) for m in mentions]
    out += _the_capital(doc, gazetteer, focus, mentions)
    out.sort(key=lambda p: p.span.start)
    return out


RIVER_WORDS = {"river", "delta", "valley", "basin", "lake", "gorge", "plateau", "desert"}


def _feature_word(doc: Doc, m: _Mention) -> None:
    """"the Niger River", "the Congo basin": a country name inside a physical feature's name
    is not the country (nor any settlement of that name)."""
    if m.end < len(doc) and doc[m.end].lower_ in RIVER_WORDS and doc[m.end].is_title:
        m.candidates = []
        m.end = m.d_end = m.end + 1
        m.text = doc[m.start:m.end].text
        m.reason = "physical feature (not in gazetteer)"


def _ctx_keep(m: _Mention, focus: list[str], mentioned: Mapping[str, float], country_keys: dict[str, str]) -> bool:
    """A name recognised only by its locative context is kept when the gazetteer has it in the
    document's countries (focus or named) or in the admin units named after it ("in
    Ushuaia (Tierra del Fuego)"); an unknown one is kept, unresolved, only when a type word
    calls it a place ("the mining town of X")."""
    if not m.candidates:
        return m.scores.get("ctx", 0.0) >= 1.0
    near = set(focus[:2]) | {cc for cc, v in mentioned.items() if v >= 0.5}
    for c in m.candidates:
        p = c.place
        if p.country in near or admin_match(p, m.quals, country_keys)[0] > 0:
            return True
    return m.scores.get("ctx", 0.0) >= 1.0


_CAPITALS: dict[int, dict[str, Place]] = {}
_COUNTRY_KEYS: dict[int, dict[str, str]] = {}


def _country_keys(gaz: Gazetteer) -> dict[str, str]:
    """ISO2 code -> key of the country's name (for "X, Djibouti" qualifiers)."""
    keys = _COUNTRY_KEYS.get(id(gaz))
    if keys is None:
        keys = {p.country: place_key(p.name) for p in gaz.places.values() if p.feature == "country" and p.country}
        _COUNTRY_KEYS.clear()
        _COUNTRY_KEYS[id(gaz)] = keys
    return keys


def _qualifier_place(gaz: Gazetteer, quals: list[Qualifier], focus: list[str],
                     country_keys: dict[str, str]) -> tuple[Candidate, Qualifier] | None:
    """The most specific qualifier the gazetteer knows, resolved with the broader ones after
    it as its own context: "Golombali (Touboro, Mayo-Rey, Nord)" -> Touboro in Nord."""
    for i, q in enumerate(quals):
        if q.how == "comma" and i == 0 and len(quals) == 1 and not focus:
            continue
        cands = [c for c in gaz.lookup(q.text) or gaz.lookup(admin_core_name(q.text))
                 if c.place.feature != "country"]
        # with no document focus, a name known in one country only is taken as it is
        alone = not focus and len({c.place.country for c in cands}) == 1
        best: tuple[float, Candidate] | None = None
        for c in cands:
            p = c.place
            bonus, _ = admin_match(p, quals[i + 1:], country_keys)
            if not (bonus > 0 or p.country in focus[:2] or alone):
                continue
            sc = p.prior + bonus + (2.0 if focus and p.country == focus[0] else 0.0) \
                + (1.0 if p.feature in ("admin1", "admin2", "admin3") else 0.0)
            if best is None or sc > best[0]:
                best = (sc, c)
        if best is not None:
            return best[1], q
    return None


def _located_by_qualifiers(mentions: list[_Mention], gaz: Gazetteer, focus: list[str],
                           country_keys: dict[str, str]) -> None:
    """A toponym the gazetteer lacks, or knows only in another country than its qualifiers,
    is placed at its most specific qualifier at precision 2: "Nzako village (Bakouma,
    Mbomou)" -> Bakouma; "Pileta (Sucre)" is not Pilate in Haiti."""
    for m in mentions:
        if not m.quals or m.modifier == "admin":
            continue
        if m.chosen is not None and admin_match(m.chosen.place, m.quals, country_keys)[0] > 0:
            continue
        hit = _qualifier_place(gaz, m.quals, focus, country_keys)
        if hit is None:
            continue
        c, q = hit
        if m.chosen is not None and m.chosen.place.country == c.place.country:
            continue
        m.chosen, m.via = c, q.text
        m.reason = f"located by its qualifier {q.text} ({c.place.name}, {c.place.country})"


def _units_of_qualifiers(mentions: list[_Mention]) -> None:
    """A qualifier ("Zaporizhia" in "Kamianske, Zaporizhia") names the unit its toponym was
    placed in: resolve it to that admin unit when the gazetteer has one."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        if m.chosen is None:
            continue
        for q in m.quals:
            qm = by_start.get(q.start)
            if qm is None or not qm.candidates:
                continue
            unit = next((c for c in qm.candidates if c.place.country == m.chosen.place.country
                         and names_unit(c.place, q.text)), None)
            if unit is not None and unit is not qm.chosen and (
                    unit.place.name in (m.chosen.place.admin1, m.chosen.place.admin2)
                    or qm.chosen is None or qm.chosen.place.country != unit.place.country):
                qm.chosen = unit
                qm.reason = f"admin unit of {m.text}; {qm.reason}"


def _capital_of(gaz: Gazetteer, cc: str) -> Place | None:
    caps = _CAPITALS.get(id(gaz))
    if caps is None:
        caps = {}
        for p in gaz.places.values():
            if p.feature == "capital" and p.country and (
                    p.country not in caps or p.population > caps[p.country].population):
                caps[p.country] = p
        _CAPITALS.clear()
        _CAPITALS[id(gaz)] = caps
    return caps.get(cc)


def _the_capital(doc: Doc, gaz: Gazetteer, focus: list[str], mentions: list[_Mention]) -> list[PlaceMention]:
    """"in the capital" with no name: the capital of the document's focus country ("the Libyan
    capital": of that country), precision 1."""
    out: list[PlaceMention] = []
    taken = {i for m in mentions for i in range(min(m.start, m.d_start if m.d_start >= 0 else m.start),
                                                max(m.end, m.d_end))}
    for t in doc:
        if t.lower_ != "capital" or t.i in taken or t.i == 0:
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and (nxt.lower_ in ("of", "city", "'s", "’s") and nxt.lower_ != "city"
                                or nxt.text == "," and t.i + 2 < len(doc) and doc[t.i + 2].pos_ == "PROPN"
                                or nxt.pos_ == "PROPN"):
            continue  # "the capital of X", "the capital, Khartoum", "the capital Tripoli"
        if t.dep_ in ("appos", "attr", "compound", "amod") or t.pos_ != "NOUN":
            continue  # "Wad Madani, the capital ...", "is the capital", "capital punishment"
        j = t.i - 1
        cc = None
        if DEMONYMS.get(doc[j].lower_):
            cc = DEMONYMS[doc[j].lower_]
            j -= 1
        if doc[j].lower_ != "the":
            continue
        cc = cc or (focus[0] if focus else None)
        cap = _capital_of(gaz, cc) if cc else None
        if cap is None:
            continue
        sp = doc[j:t.i + 1]
        out.append(PlaceMention(span=Span(sp.start_char, sp.end_char, sp.text), name=_display(cap),
                                place_id=cap.id, lat=round(cap.lat, 5), lon=round(cap.lon, 5),
                                admin1=cap.admin1, country=cap.country, feature=cap.feature, precision=1,
                                reason=f"'the capital' of the document's country {cc}"))
    return out


def disambiguate(gazetteer: Gazetteer, name: str, focus: Sequence[str] = (),
                 anchors: Iterable[Place] = (), modifier: str | None = None) -> Candidate | None:
    """Best candidate for a bare name given country focus and anchor places (no Doc needed)."""
    m = _Mention(0, 0, name, modifier=modifier)
    m.candidates = gazetteer.lookup(name)
    if not m.candidates and focus:
        m.candidates = gazetteer.lookup(name, country=focus[0])
    _score(m, gazetteer, list(focus), Counter(), [(0, p) for p in anchors], set(), None)
    return m.chosen


# ---------------------------------------------------------------------- recognition
def _recognise(doc: Doc, gaz: Gazetteer, exclude_spans: Sequence[tuple[int, int]] = ()) -> list[_Mention]:
    out: list[_Mention] = []
    covered = [False] * len(doc)
    cache: dict[str, bool] = {}
    excl = [(a, b) for a, b in exclude_spans]

    def excluded(s: int, e: int) -> bool:  # token range overlaps an actor span (character offsets)
        a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        return any(a < y and x < b for x, y in excl)

    for ent in doc.ents:
        eid = ent.ent_id_ or ""
        if eid.startswith("actor:") or (excl and excluded(ent.start, ent.end)):
            for i in range(ent.start, ent.end):
                covered[i] = True
            continue
        if eid.startswith("place:"):
            if _byline(doc, ent.start) or not any(ch.isupper() for ch in ent.text):
                continue  # bylines; "a man", "split" (patterns match lower case: Man, Split)
            m = _Mention(ent.start, ent.end, ent.text, hint=eid[6:], label=ent.label_, source="ruler")
        elif ent.label_ not in PLACE_LABELS:
            # other ents (PERSON/ORG/NORP the small model got wrong): a place only when the
            # whole ent is a settlement of a regional pack ("Khan Shaykhoun" tagged PERSON)
            s = ent.start + (1 if ent[0].lower_ == "the" else 0)
            # "Ushuaia (Tierra del Fuego" as one WORK_OF_ART: a name and its qualifier
            e = next((t.i for t in ent if t.text == "(" and t.i > s), ent.end)
            label_ok = ent.label_ not in NON_PLACE_LABELS or e < ent.end
            ids = gaz.index.get(place_key(doc[s:e].text)) if s < e else None
            ctx = _locative_context(doc, s, e) if s < e and not excluded(s, e) \
                and label_ok and all(t.is_title or t.is_upper or t.lower_ in TYPE_WORDS
                                     or t.text in ("-", "'") for t in doc[s:e]) else None
            if ent.label_ in ("PERSON", "ORG", "NORP") and ids and e - s > 1 \
                    and any(_ruler_ok(gaz, pid) for pid in ids):
                m = _Mention(s, e, doc[s:e].text, label="GPE", source="scan")
            elif ctx and _gaz_has(gaz, doc[s:e].text, cache):
                # "near Djibo" (ORG), "the northern town of Kidal" (NORP), "in northern Shan
                # State" (PERSON): a mistagged name in a locative context that the gazetteer knows
                m = _Mention(s, e, doc[s:e].text, label="GPE", source="ctx")
                m.scores["ctx"] = 1.0 if ctx == "type" else 0.0
            else:
                for i in range(ent.start, ent.end):
                    covered[i] = True
                continue
        elif ent.label_ in PLACE_LABELS:
            s, e = ent.start, ent.end
            while s < e and doc[s].lower_ in ("the", "a"):
                s += 1
            e = next((t.i for t in ent if t.text == "(" and t.i > s), e)  # "Maceio (Alagoas"
            while e > s and doc[e - 1].is_punct:
                e -= 1
            if s >= e or (e - s == 1 and _dir_word(doc[s])) or _byline(doc, s):
                for i in range(ent.start, ent.end):
                    covered[i] = True
                continue
            m = _Mention(s, e, doc[s:e].text, label=ent.label_, source="ner")
        out.append(m)
        cut = m.end < ent.end and doc[m.end].text == "("  # the qualifier stays open to the scans
        for i in range(ent.start, m.end if cut else ent.end):
            covered[i] = True
    # key scan over uncovered capitalised runs (spelling variants of known places)
    i = 0
    n = len(doc)
    while i < n:
        t = doc[i]
        if covered[i] or not (t.is_title or (t.is_upper and len(t) > 2)) or t.is_sent_start and t.is_stop:
            i += 1
            continue
        found = None
        for j in range(min(n, i + 5), i, -1):
            if any(covered[k] for k in range(i, j)) or doc[j - 1].is_punct:
                continue
            if j - i > 1 and not (doc[j - 1].is_title or doc[j - 1].is_upper or doc[j - 1].like_num):
                continue
            text = doc[i:j].text
            key = place_key(text)
            ids = gaz.index.get(key)
            if not ids:
                continue
            if j - i == 1 and (t.is_stop or t.pos_ not in ("PROPN",) or len(t) < 4):
                continue
            if j - i == 1 and not any(_ruler_ok(gaz, pid) for pid in ids):
                continue
            found = j
            break
        if found and _byline(doc, i):
            found = None
        if found:
            out.append(_Mention(i, found, doc[i:found].text, source="scan"))
            for k in range(i, found):
                covered[k] = True
            i = found
        else:
            i += 1
    # locative scan: uncovered proper-noun runs in a locative context ("near Sake", "the mining
    # town of X", "X, a town in ...") looked up in the whole gazetteer (long tail included)
    i = 0
    while i < n:
        t = doc[i]
        if covered[i] or not t.is_title or t.is_stop or len(t) < 3 or t.lower_ in NOT_PLACE_WORDS \
                or not (t.pos_ == "PROPN" or t.pos_ in ("NOUN", "X", "ADJ") and not t.is_sent_start):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 4 and not covered[j] and (doc[j].is_title and doc[j].pos_ == "PROPN"
                                                          or doc[j].lower_ in ("al", "el", "de", "des")
                                                          and j + 1 < n and doc[j + 1].is_title):
            j += 1
        found = None
        ctx = None if excluded(i, j) or _byline(doc, i) else _locative_context(doc, i, j)
        if ctx:
            for e in range(j, i, -1):  # longest known prefix ("Sake" of "Sake Wednesday")
                if _gaz_has(gaz, doc[i:e].text, cache):
                    found = e
                    break
        if found:
            m = _Mention(i, found, doc[i:found].text, source="ctx")
            m.scores["ctx"] = 1.0 if ctx == "type" else 0.0
            out.append(m)
            for k in range(i, found):
                covered[k] = True
            i = found
        else:
            i = j
    out.sort(key=lambda m: m.start)
    _extend_names(doc, gaz, out, covered, cache)
    return out


# words inside multi-word place names: "San Carlos de Bariloche", "Guadalupe y Calvo"
NAME_LINKS = {"de", "del", "de la", "do", "da", "dos", "das", "di", "y", "la", "el", "al", "sur", "sobre"}


def _extend_names(doc: Doc, gaz: Gazetteer, mentions: list[_Mention], covered: list[bool],
                  cache: dict[str, bool]) -> None:
    """A recognised name that is the head of a longer known name takes the longer one:
    "San Carlos" of "San Carlos de Bariloche", "Salinas" of "Salinas Victoria" (the ruler
    and the model often stop at the first known part)."""
    n = len(doc)
    for m in mentions:
        if m.end <= m.start:
            continue  # swallowed by the name before it
        best = m.end
        j = m.end
        while j < n and j - m.end < 4:
            t = doc[j]
            if t.lower_ in NAME_LINKS and j + 1 < n and doc[j + 1].is_title:
                j += 1
                continue
            if not (t.is_title and t.is_alpha) or (covered[j] and not any(o.start <= j < o.end for o in mentions)):
                break
            j += 1
            longer = doc[m.start:j].text
            # the added word must change the name ("al-Tabqa The": "the" is an article)
            if not t.is_stop and place_key(longer) != place_key(doc[m.start:best].text) \
                    and _gaz_has(gaz, longer, cache):
                best = j
        if best > m.end:
            for other in mentions:  # a name swallowed by the longer one is gone
                if other is not m and m.end <= other.start < best:
                    other.end = other.start  # emptied; dropped below
            m.end = best
            m.text = doc[m.start:best].text
            m.hint = None
            for k in range(m.start, best):
                covered[k] = True
    mentions[:] = [m for m in mentions if m.end > m.start]


NON_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW",
                    "LANGUAGE", "WORK_OF_ART", "EVENT"}
# words that introduce a place: "in/near/outside X"
CTX_PREPS = {"in", "at", "near", "outside", "around", "from", "to", "towards", "toward", "into",
             "inside", "across", "through", "throughout", "on", "over", "within", "nearby"}
# "the town of X", "X province", "X, a village in ..."
TYPE_WORDS = {"town", "towns", "village", "villages", "city", "district", "province", "region",
              "state", "county", "governorate", "prefecture", "department", "territory",
              "municipality", "commune", "locality", "area", "oblast", "township", "division",
              "zone", "camp", "outskirts", "suburb", "suburbs", "capital", "island", "neighbourhood",
              "neighborhood", "port", "hub", "settlement", "enclave", "stronghold"}
ADMIN_TYPE_WORDS = {"province", "region", "state", "county", "governorate", "prefecture",
                    "department", "oblast", "division", "district", "territory", "municipality"}
# verbs whose object is a place when the gazetteer knows it ("struck Mekelle", "seized Wad Madani")
SITE_VERBS = {"strike", "attack", "capture", "seize", "shell", "bomb", "storm", "overrun", "besiege",
              "raid", "recapture", "retake", "enter", "encircle", "surround", "bombard", "hit", "take",
              "occupy", "liberate", "control", "reach", "evacuate", "flee", "abandon"}
NOT_PLACE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                   "january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december", "president", "minister", "general",
                   "colonel", "army", "police", "government", "reuters", "afp", "ap", "un", "god"}


def _locative_context(doc: Doc, s: int, e: int) -> str | None:
    """"type" when a type word names the span a place ("the town of X", "X State", "X, a town
    in"), "prep" after a locative preposition (skipping "the" and "northern"), "verb" as the
    object of a site verb ("struck X"); None otherwise."""
    n = len(doc)
    last = doc[e - 1].lower_
    if e - s > 1 and last in ADMIN_TYPE_WORDS:
        return "type"
    if e < n and doc[e].lower_ in ADMIN_TYPE_WORDS and (doc[e].is_title or doc[e].lower_ in (
            "province", "governorate", "state", "region", "county", "district", "oblast")):
        return "type"
    if e + 2 < n and doc[e].text == "," and doc[e + 1].lower_ in ("a", "an", "the") and (
            doc[e + 2].lower_ in TYPE_WORDS or e + 3 < n and doc[e + 3].lower_ in TYPE_WORDS):
        return "type"
    j = s - 1
    while j >= 0 and (doc[j].lower_ in ("the", "a") or _dir_word(doc[j]) or doc[j].lower_ in (
            "central", "eastern", "western", "northern", "southern", "rural", "restive", "embattled")):
        j -= 1
    if j < 0:
        return None
    w = doc[j].lower_
    if w == "of" and j > 0 and doc[j - 1].lower_ in TYPE_WORDS:
        return "type"
    if w in CTX_PREPS:
        return "prep"
    root = doc[s:e].root
    if root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in SITE_VERBS:
        return "verb"
    return None


def _gaz_has(gaz: Gazetteer, text: str, cache: dict[str, bool]) -> bool:
    """Does the whole gazetteer (preloaded core and on-demand long tail) know the name?"""
    hit = cache.get(text)
    if hit is None:
        key = place_key(text)
        hit = bool(key) and len(key) >= 3 and bool(gaz._ids_for_key(key))
        if not hit:
            words = text.split()
            if len(words) > 1 and words[-1].lower() in ADMIN_TYPE_WORDS:
                hit = bool(gaz._ids_for_key(place_key(" ".join(words[:-1]))))
        cache[text] = hit
    return hit


def _byline(doc: Doc, i: int) -> bool:
    """"Reporting by Bara' al-Shami", "Written by ...": person names, not places."""
    j = i - 1
    while j >= 0 and j > i - 4 and doc[j].is_title and doc[j].lower_ != "by":
        j -= 1
    return j >= 1 and doc[j].lower_ == "by" and doc[j - 1].lower_ in (
        "reporting", "written", "edited", "writing", "editing", "compiled", "translated", "photo")


def _ruler_ok(gaz: Gazetteer, pid: str) -> bool:
    p = gaz.places.get(pid)
    return p is not None and p.country in gaz.pack_countries and p.feature in SETTLEMENTS | {"hill", "mountain"}


# ---------------------------------------------------------------------- descriptions
def _dir_word(tok: Token) -> str | None:
    m = _DIR_RE.match(tok.lower_)
    if not m:
        return None
    return m.group(1).lower().replace("-", "")


def _describe(doc: Doc, m: _Mention) -> None:
    """Detect the relative description around a toponym; set modifier/direction/span."""
    s, e = m.start, m.end
    m.d_start, m.d_end = s, e
    n = len(doc)
    text_low = m.text.lower()
    # the toponym itself may carry the modifier ("Idlib province" as one ruler entity)
    words = text_low.split()
    if len(words) > 1 and words[-1] in ADMIN_WORDS:
        m.modifier = "admin"
    elif len(words) > 1 and words[-1] in CITY_WORDS:
        m.modifier = "city"
    elif len(words) > 1 and words[-1] in DISTRICT_WORDS:
        m.modifier = "district"
    # following: "Idlib province", "Aleppo city", "Afrin countryside", "Idlib's southern countryside"
    k = e
    if k < n and doc[k].lower_ in ("'s", "’s"):
        k += 1
    d = _dir_word(doc[k]) if k < n else None
    if d and k + 1 < n and doc[k + 1].lower_ in AREA_WORDS | ADMIN_WORDS:
        m.direction, m.modifier, m.d_end = d, "area", k + 2
    elif k < n and doc[k].lower_ in ADMIN_WORDS and m.modifier is None:
        m.modifier, m.d_end = "admin", k + 1
    elif k < n and doc[k].lower_ in CITY_WORDS and m.modifier is None:
        m.modifier, m.d_end = "city", k + 1
    elif k < n and doc[k].lower_ in AREA_WORDS and m.modifier is None:
        m.modifier, m.d_end = "area", k + 1
    elif k < n and doc[k].lower_ in DISTRICT_WORDS and m.modifier is None:
        m.modifier, m.d_end = "district", k + 1
    # preceding: "southern Idlib", "the southern countryside of Idlib", "west of Aleppo",
    # "2 km west of Saraqib", "the countryside of Afrin", "near X", "the city of X"
    j = s - 1
    if j >= 0 and _dir_word(doc[j]) and (doc[j].lower_.endswith("ern") or doc[j].is_title
                                          or (j > 0 and doc[j - 1].lower_ in LOC_PREPS | {"the"})):
        m.direction = m.direction or _dir_word(doc[j])
        m.modifier = m.modifier if m.modifier in ("area",) else "area"
        m.d_start = j
        if j - 1 >= 0 and doc[j - 1].lower_ == "the":
            m.d_start = j - 1
        return
    if j >= 0 and doc[j].lower_ == "of":
        h = j - 1
        if h >= 0 and doc[h].lower_ in AREA_WORDS | ADMIN_WORDS | CITY_WORDS | {"part", "parts"}:
            word = doc[h].lower_
            h2 = h - 1
            d = _dir_word(doc[h2]) if h2 >= 0 else None
            if word in CITY_WORDS:
                m.modifier = "city"
                if d:  # "the northern town of Kidal": where the town lies, not an offset
                    m.d_start = h2 - 1 if h2 - 1 >= 0 and doc[h2 - 1].lower_ == "the" else h2
                    return
            elif word in ADMIN_WORDS and not d:
                m.modifier = "admin"
            else:
                m.modifier = "area"
            m.d_start = h
            if d:
                m.direction = d
                m.d_start = h2
                h2 -= 1
            if h2 >= 0 and doc[h2].lower_ == "the":
                m.d_start = h2
            return
        d = _dir_word(doc[h]) if h >= 0 else None
        if d and not doc[h].lower_.endswith("ern"):
            m.direction, m.modifier, m.d_start = d, "near", h
            # "2 km west of X", "15 kilometres north of X"
            if h - 2 >= 0 and doc[h - 1].lower_ in ("km", "kilometers", "kilometres", "kms", "miles", "mi"):
                try:
                    val = float(doc[h - 2].text.replace(",", ""))
                    m.offset_km = val * (1.609 if doc[h - 1].lower_.startswith("mi") else 1.0)
                    m.d_start = h - 2
                except ValueError:
                    pass
            elif h - 1 >= 0 and (num := re.fullmatch(r"(\d+(?:\.\d+)?)(?:km|kms)", doc[h - 1].lower_)):
                m.offset_km = float(num.group(1))
                m.d_start = h - 1
            return
        if h >= 0 and doc[h].lower_ in ("outskirts", "vicinity", "edge", "edges", "suburbs"):
            m.modifier, m.d_start = "near", h
            return
    if j >= 0 and doc[j].lower_ in NEAR_WORDS and m.modifier is None:
        m.modifier = "near"
    if j >= 0 and doc[j].lower_ in ("rural",):
        m.modifier, m.d_start = "area", j


# ---------------------------------------------------------------------- disambiguation
def _focus(doc: Doc, mentions: list[_Mention]) -> tuple[list[str], dict[str, float]]:
    votes: dict[str, float] = {}
    mentioned: dict[str, float] = {}
    for m in mentions:
        countries = {c.place.country for c in m.candidates}
        feats = {c.place.feature for c in m.candidates}
        if len(countries) == 1 and m.candidates:
            (cc,) = countries
            if cc is None:
                continue
            votes[cc] = votes.get(cc, 0.0) + (1 if "country" in feats else 1.5)
            if "country" in feats:
                mentioned[cc] = mentioned.get(cc, 0.0) + 1
    for t in doc:
        dc = DEMONYMS.get(t.lower_)
        if dc:
            mentioned[dc] = mentioned.get(dc, 0.0) + 0.5
            votes[dc] = votes.get(dc, 0.0) + 0.25
    return sorted(votes, key=lambda c: -votes[c]), mentioned


def _choose(doc: Doc, m: _Mention, gaz: Gazetteer, focus: list[str], mentioned: Mapping[str, float],
            anchors: list[tuple[int, Place]], province_named: set[str],
            country_keys: dict[str, str]) -> None:
    if not m.candidates and focus:
        m.candidates = gaz.lookup(m.text, country=focus[0])  # fuzzy within the focus country
    sent_cc: set[str] = set()
    if m.candidates:
        sent = doc[m.start].sent
        for t in sent:
            cc = DEMONYMS.get(t.lower_)
            if cc:
                sent_cc.add(cc)
        adj = DEMONYMS.get(doc[m.start - 1].lower_) if m.start > 0 else None
        if adj:
            sent_cc.add(adj + "!")
    _score(m, gaz, focus, mentioned, anchors, province_named, sent_cc, country_keys)


def _score(m: _Mention, gaz: Gazetteer, focus: list[str], mentioned: Mapping[str, float],
           anchors: list[tuple[int, Place]], province_named: set[str], sent_cc: set[str] | None,
           country_keys: dict[str, str] | None = None) -> None:
    if not m.candidates:
        m.reason = "not in gazetteer"
        return
    sent_cc = sent_cc or set()
    bare_key = place_key(m.text)
    best: tuple[float, Candidate, list[str]] | None = None
    for c in m.candidates:
        p = c.place
        why: list[str] = []
        s = p.prior
        if c.how == "exact":
            s += 0.3
        elif c.how == "fuzzy":
            s -= 1.0
            why.append(f"fuzzy {c.score:.0f}")
        if m.hint and m.hint == p.id:
            s += 0.3
        if m.quals:
            bonus, how = admin_match(p, m.quals, country_keys or {})
            if bonus:
                s += bonus
                why.append(how)
        if focus and p.country == focus[0]:
            s += 2.0
            why.append(f"country focus {p.country}")
        elif p.country in focus[1:3]:
            s += 0.7
        if mentioned.get(p.country or ""):
            s += 1.5
            why.append(f"{p.country} named in document")
        if f"{p.country}!" in sent_cc:
            s += 3.0
            why.append(f"{p.country} adjective")
        elif p.country in sent_cc:
            s += 1.0
        # modifier / feature agreement
        if m.modifier == "admin":
            s += 5.0 if p.feature in ("admin1", "region", "zone") else 0.0
        elif m.modifier == "city":
            s += 3.0 if p.feature in ("city", "capital", "town") else 0.0
        elif m.modifier == "district":
            s += 4.0 if p.feature in ("admin2", "admin3") else 0.0
        elif p.feature in ("admin2", "admin3"):
            s -= 2.0
        elif p.feature == "admin1" and m.modifier is None:
            if bare_key in province_named:
                s += 1.5
                why.append("named as province in document")
            elif any(o.place.feature in SETTLEMENTS and o.place.country == p.country
                     for o in m.candidates):
                s -= 1.5
        # proximity to the document's unambiguous local places
        if anchors and p.feature in LOCAL_FEATURES:
            dmin, near = 1e9, None
            for pos, a in anchors:
                if a.id == p.id or a.country != p.country:
                    continue
                d = haversine_km(a.lat, a.lon, p.lat, p.lon)
                w = 1.0 if abs(pos - m.start) < 60 else 0.7
                if d / w < dmin:
                    dmin, near = d / w, a
            if near is not None:
                bonus = 4.0 * math.exp(-dmin / 30.0)
                s += bonus
                if bonus > 0.5:
                    why.append(f"nearest to {near.name} {dmin:.0f} km")
            if m.source == "ctx":  # a small town recognised by context: near any named place
                dx = min((haversine_km(a.lat, a.lon, p.lat, p.lon) for _, a in anchors if a.id != p.id),
                         default=1e9)
                s += 2.0 * math.exp(-dx / 150.0)
        m.scores[p.id] = max(m.scores.get(p.id, -1e9), s)
        if best is None or s > best[0]:
            best = (s, c, why)
    assert best is not None
    m.chosen = best[1]
    n_alt = len({(round(c.place.lat, 1), round(c.place.lon, 1)) for c in m.candidates})
    reason = "; ".join(best[2]) or "best prior"
    if n_alt == 1:
        reason = "unique" + (f" ({reason})" if best[2] else "")
    m.reason = f"{reason}; {n_alt} candidate location(s)"


def _one_sense(mentions: list[_Mention]) -> None:
    """Bare mentions of one name in one document denote one place: the candidate with the
    highest summed score, or the place a "city of X" mention named."""
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.chosen is not None and m.direction is None:
            groups.setdefault(place_key(m.text), []).append(m)
    for ms in groups.values():
        bare = [m for m in ms if m.modifier in (None, "near")]
        if len(ms) < 2 or not bare:
            continue
        city = next((m.chosen for m in ms if m.modifier == "city"), None)
        if city is not None:
            best_id = city.place.id
        else:
            tot: Counter = Counter()
            for m in bare:
                for pid, sc in m.scores.items():
                    tot[pid] += sc
            best_id = tot.most_common(1)[0][0]
        for m in bare:
            if m.chosen is not None and m.chosen.place.id != best_id:
                for c in m.candidates:
                    if c.place.id == best_id:
                        m.chosen = c
                        m.reason = "same name elsewhere in document; " + m.reason
                        break


# ---------------------------------------------------------------------- output
def _offset(lat: float, lon: float, direction: str, km: float) -> tuple[float, float]:
    dlat, dlon = DIRECTIONS[direction]
    return (lat + dlat * km / 111.0, lon + dlon * km / (111.0 * max(math.cos(math.radians(lat)), 0.1)))


def _to_place_mention(doc: Doc, m: _Mention, gaz: Gazetteer) -> PlaceMention:
    s = doc[m.d_start:m.d_end] if m.d_start >= 0 else doc[m.start:m.end]
    span = Span(s.start_char, s.end_char, s.text)
    c = m.chosen
    if c is None:
        return PlaceMention(span=span, name=m.text, reason=m.reason or "not in gazetteer", precision=1)
    p = c.place
    lat, lon = p.lat, p.lon
    precision = p.default_precision
    name = _display(p)
    reason = m.reason
    if m.via is not None:  # an unknown toponym placed at its qualifier
        return PlaceMention(span=span, name=m.text, place_id=p.id, lat=round(lat, 5), lon=round(lon, 5),
                            admin1=p.admin1 if p.feature != "admin1" else p.name, country=p.country,
                            feature="area", precision=max(2, precision if precision < 3 else 2), reason=reason)
    if m.modifier == "admin" and p.feature in ("admin1", "admin2", "region", "zone"):
        precision = 3
    elif m.modifier == "district" and p.feature in ("admin2", "admin3"):
        precision = max(2, precision)
    if m.direction:
        big = p.feature in ("admin1", "admin2", "region", "zone", "country") or p.population >= 100000
        if p.feature == "admin1":
            # a governorate's quadrant: measure from its capital when there is one
            city = next((cc.place for cc in m.candidates
                         if cc.place.feature in ("city", "capital") and cc.place.country == p.country), None)
            if city is not None:
                lat, lon = city.lat, city.lon
        km = m.offset_km if m.offset_km is not None else (20.0 if big else 10.0)
        if p.feature == "country":
            km = 250.0
        lat, lon = _offset(lat, lon, m.direction, km)
        precision = 3 if p.feature == "country" else 2
        what = "countryside" if m.modifier == "area" else "of"
        name = f"{m.direction} {name} {what}" if what == "countryside" else f"{km:.0f} km {m.direction} of {name}"
        reason += f"; offset {km:.0f} km {m.direction}"
    elif m.modifier in ("area", "near"):
        precision = max(precision, 2)
        if m.modifier == "area":
            name = f"{name} countryside" if p.feature in SETTLEMENTS | {"admin1", "admin2"} else name
    return PlaceMention(span=span, name=name, place_id=p.id, lat=round(lat, 5), lon=round(lon, 5),
                        admin1=p.admin1 if p.feature != "admin1" else p.name, country=p.country,
                        feature=p.feature, precision=precision, reason=reason)


def _display(p: Place) -> str:
    from anyascii import anyascii

    name = p.name
    if p.source == "geonames" and any(ord(ch) > 127 for ch in name):
        name = anyascii(name).replace("`", "'")
    return name


# ---------------------------------------------------------------------- event location
LOC_PREPS = {"in", "at", "near", "on", "along", "over", "within", "inside", "across", "around",
             "outside", "throughout", "into", "between", "off"}
ORIGIN_PREPS = {"from"}
DEST_PREPS = {"to", "towards", "toward"}
AGENT_PREPS = {"by"}  # "a mission led by the United States"
ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "dobj"}
# nouns naming a process/format rather than a site: "in the form of Astana", "the Sochi agreement"
PROCESS_NOUNS = {"form", "format", "framework", "agreement", "agreements", "talks", "process",
                 "memorandum", "protocol", "accord", "accords", "deal", "platform", "group",
                 "declaration", "conference", "summit", "initiative", "track", "round"}
# adjuncts that introduce another event or a reason: "strikes ... over an attack on X"
REASON_PREPS = {"over", "about", "after", "following", "since", "before", "despite", "for",
                "because", "against"}
BORDER_NOUNS = {"border", "borders", "frontier", "boundary", "line", "lines", "strip", "front",
                "frontline", "frontlines"}
SPEAKER_NOUNS = {"source", "sources", "activist", "activists", "official", "officials", "resident",
                 "residents", "correspondent", "correspondents", "journalist", "journalists",
                 "observatory", "monitor", "spokesman", "spokeswoman", "spokesperson", "witness",
                 "witnesses", "reporter", "reporters", "commander", "commanders", "leader", "leaders"}
BROAD_FEATURES = {"country", "capital", "continent", "world_region"}
CONTEXT_SKIP = BROAD_FEATURES | {"region", "zone"}  # "northern Syria", "the de-escalation zone"
MOVEMENT_TYPES = frozenset({"MOBILIZE", "RETREAT", "AID", "COOPERATE"})  # "sent troops to X": X counts

# PLOVER types whose events happen at a site (fallback to the context's area when the
# sentence names none) vs verbal ones (a place only when stated, or with a locative anaphor)
PHYSICAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "PROTEST", "COOPERATE", "RETREAT", "CRIME", "COERCE", "DEMAND",
                            "AID", "INVESTIGATE"})
ANAPHOR_RE = re.compile(
    r"\b(?:there(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seems?|appears?)\b)|locally|on the ground|(?:in|across|throughout|inside|into|within|to|near|around|"
    r"over)\s+(?:the|this|that)\s+(?:region|area|province|governorate|city|town|"
    r"village|zone|front|frontline|front lines|countryside|district|territory|enclave|pocket|"
    r"state|region's|camp))\b", re.IGNORECASE)


def event_places(sentence_span: SpacySpan, places: list[PlaceMention], trigger_token: Token | None = None,
                 attack: bool = True) -> list[PlaceMention]:
    """Which of a sentence's places are the event's location (sentence only, no fallback).

    Prefers places attached by a locative preposition (in/at/near/on/along/over/within...)
    inside the trigger's own clause; excludes origins ("from X"), destinations ("to X") when
    ``attack``, countries/capitals used as actors (subjects, possessors, conjuncts of them,
    "by X": "Moscow said", "the US, Britain and France carried out"), places used as
    adjectives of actors ("Idlib militants"), process names ("in the form of Astana", "the
    Sochi agreement"), the speaker's location ("sources in X said") and places inside a
    reason/other-event adjunct ("strikes over an attack on X").  "the liberation of X"
    (X the object of the event noun) is the event's site.  "between X and Y" of two local
    places gives their midpoint at precision 2 (a front line); of two countries, the parties.
    When a specific place is chosen, broader places (precision 3) of the same country are
    dropped.  See :func:`event_location` for the decision with context fallback.
    """
    doc = sentence_span.doc
    s0, s1 = sentence_span.start_char, sentence_span.end_char
    cands = [p for p in places if p.resolved and s0 <= p.span.start and p.span.end <= s1]
    if not cands:
        return []
    scored = _score_places(doc, cands, trigger_token, attack)
    if not scored:
        return []
    top = max(s for s, _ in scored)
    if top < -1.5:
        return []
    chosen = [p for s, p in scored if s >= top - 0.5 and s > -1.5]
    if any(p.precision < 3 for p in chosen):
        ccs = {p.country for p in chosen if p.precision < 3}
        chosen = [p for p in chosen if p.precision < 3 or p.country not in ccs]
    return chosen


def _toks(doc: Doc, p: PlaceMention) -> list[Token]:
    return list(doc.char_span(p.span.start, p.span.end, alignment_mode="expand") or [])


def _score_places(doc: Doc, cands: list[PlaceMention], trigger_token: Token | None,
                  attack: bool) -> list[tuple[float, PlaceMention]]:
    scored: list[tuple[float, PlaceMention]] = []
    tok_place: dict[int, int] = {}
    preps: dict[int, Token | None] = {}
    roots: dict[int, Token] = {}
    for k, p in enumerate(cands):
        for t in _toks(doc, p):
            tok_place[t.i] = k
    for p in cands:
        toks = _toks(doc, p)
        if not toks:
            continue
        root = min(toks, key=lambda t: len(list(t.ancestors)))
        roots[id(p)] = root
        score = 0.0
        prep = _governing_prep(root)
        preps[id(p)] = prep
        # conjuncts share their first conjunct's role ("the US, Britain, and France carried out")
        role = root
        while role.dep_ == "conj" and role.head.i != role.i:
            role = role.head
        broad = p.feature in BROAD_FEATURES
        of_trigger = (trigger_token is not None and role.dep_ == "pobj" and role.head.lower_ == "of"
                      and role.head.head.i == trigger_token.i and trigger_token.pos_ == "NOUN")
        if prep is not None and prep.lower_ in ORIGIN_PREPS:
            score -= 5
        elif prep is not None and prep.lower_ in AGENT_PREPS:
            score -= 4
        elif of_trigger:
            score += 4  # "the liberation of X", "the siege of X"
        elif prep is not None and prep.lower_ == "of" and prep.head.lower_ in PROCESS_NOUNS:
            score -= 4  # "in the form of Astana", "the agreement of X"
        elif prep is not None and prep.lower_ in DEST_PREPS:
            score -= 3 if attack else 0.5
        elif prep is not None and prep.lower_ == "between" and broad:
            score -= 4  # "agreed between Turkey and Russia": the parties
        elif prep is not None and prep.lower_ == "against" and attack and trigger_token is not None \
                and _same_clause(trigger_token, prep):
            score += 2  # "airstrikes against Syria": the targeted territory
        elif prep is not None and prep.lower_ in ("on", "over", "regarding") and prep.head.lower_ in PROCESS_NOUNS:
            score -= 3  # "agreements on Syria", "talks over Idlib": the topic
        elif prep is not None and prep.lower_ in LOC_PREPS:
            score += 2
            rel = _clause_relation(trigger_token, prep) if trigger_token is not None else "other"
            if rel == "same":
                score += 2
            elif rel == "sub":
                score -= 4  # a clause of its own under the trigger ("..., while jets flew over X")
            if _speaker_location(prep, trigger_token):
                score -= 5  # "sources in Idlib stressed ...": where the speaker is
            if trigger_token is not None and _in_reason_adjunct(prep, trigger_token):
                score -= 3  # "strikes over an attack on the city of X": another event's place
        elif root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN") \
                and root.head.i not in {t.i for t in toks}:
            if p.feature in ("country", "capital", "admin1") or root.head.pos_ == "NOUN":
                score -= 2  # "Idlib militants", "Turkish-backed"
            if root.head.lower_ in PROCESS_NOUNS:
                score -= 2  # "the Sochi agreement", "the Astana talks"
        if root.dep_ in ("compound", "amod") and p.feature == "country" and root.head.pos_ == "NOUN":
            score -= 3  # "near the US embassy in Baghdad": a country naming a building's owner
        if prep is None and trigger_token is not None and _clause_relation(trigger_token, root) == "sub":
            score -= 4  # "..., while jets bombed Gao": another clause's object
        if role.dep_ in ACTOR_DEPS and p.feature in ("country", "capital") and prep is None:
            score -= 4  # "Moscow said", "Turkey's efforts"
        elif role.dep_ in ("nsubj", "nsubjpass") and prep is None:
            score -= 1
        if trigger_token is not None:
            score -= 0.05 * abs(root.i - trigger_token.i)
        if p.precision == 1:
            score += 0.3
        scored.append((score, p))
    # "X in Y": X is located by the same preposition as Y (the container)
    by_idx = {id(p): i for i, (_, p) in enumerate(scored)}
    for sc, p in list(scored):
        prep = preps.get(id(p))
        if prep is None or prep.lower_ not in LOC_PREPS:
            continue
        at = prep.head.i if prep.head.i in tok_place else prep.i - 1 if prep.i - 1 in tok_place else None
        if at is not None:
            inner = cands[tok_place[at]]
            j = by_idx.get(id(inner))
            if j is not None and inner is not p:
                scored[j] = (max(scored[j][0], sc + 0.3), inner)
    _inherit_from_units(scored)
    # "between Hama and Idlib": the stretch between two local places -> midpoint, precision 2
    for sc, p in list(scored):
        bprep = preps.get(id(p))
        broot = roots.get(id(p))
        if bprep is None or bprep.lower_ != "between" or broot is None or p.feature in BROAD_FEATURES:
            continue
        other = next((cands[tok_place[c.i]] for c in broot.children
                      if c.dep_ == "conj" and c.i in tok_place), None)
        if other is None or other.feature in BROAD_FEATURES or not other.resolved or other.country != p.country:
            continue
        if p.lat is None or p.lon is None or other.lat is None or other.lon is None \
                or haversine_km(p.lat, p.lon, other.lat, other.lon) > 150:
            continue
        mid = PlaceMention(
            span=Span(p.span.start, other.span.end, doc_text(doc)[p.span.start:other.span.end]),
            name=f"between {p.name} and {other.name}", lat=round((p.lat + other.lat) / 2, 5),
            lon=round((p.lon + other.lon) / 2, 5), admin1=p.admin1, country=p.country, feature="area",
            precision=2, reason=f"midpoint of {p.name} and {other.name}",
        )
        scored = [(s, q) for s, q in scored if q is not p and q is not other]
        scored.append((sc + 0.4, mid))
    return scored


UNIT_FEATURES = frozenset({"admin1", "admin2", "region"})


def _inherit_from_units(scored: list[tuple[float, PlaceMention]], window: int = 80) -> None:
    """A precise place named just before the admin unit that contains it ("Zhezkazgan
    township in Qaraghandy region", "As Samawah city (Al Muthanna)") is located wherever
    its unit is: it takes the unit's score when that is higher, so the precise one wins."""
    for k, (sc, unit) in enumerate(list(scored)):
        if unit.feature not in UNIT_FEATURES or not unit.admin1:
            continue
        ukey = admin_key(unit.admin1)
        for j, (sp, p) in enumerate(scored):
            if p is unit or p.precision >= 3 or p.country != unit.country or not p.admin1 \
                    or not (0 <= unit.span.start - p.span.end <= window) or admin_key(p.admin1) != ukey:
                continue
            if sc + 0.3 > sp:
                scored[j] = (sc + 0.3, p)


def _clause_relation(trigger: Token, tok: Token) -> str:
    """"same": ``tok`` hangs (within 8 steps) from ``trigger`` in the trigger's own clause;
    "sub": it hangs from the trigger through another clause that has a subject of its own
    ("flew along X, while aircraft flew over Y"; "threatened that he may ... in Y"); relative
    clauses do not count (they describe an argument: "convoys that will enter X");
    "other": elsewhere (the reporting clause above the trigger, a sibling phrase)."""
    if tok.head.i == trigger.i:
        return "same"
    cur = tok
    crossed = False
    for _ in range(8):
        h = cur.head
        if h is cur:
            return "other"
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ in ("conj", "advcl", "ccomp", "parataxis") \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
            crossed = True
        if h.i == trigger.i:
            if cur.dep_ in ("relcl", "acl") and trigger.pos_ in ("NOUN", "PROPN"):
                return "same"  # "the summit that brought them together in Sochi"
            return "sub" if crossed else "same"
        cur = h
    return "other"


def _same_clause(trigger: Token, tok: Token) -> bool:
    return _clause_relation(trigger, tok) == "same"


def _speaker_location(prep: Token, trigger: Token | None) -> bool:
    """"sources of the factions in X stressed ...": X locates the speaker, not the event."""
    cur = prep.head
    for _ in range(6):
        if trigger is not None and cur.i == trigger.i:
            return False
        if cur.dep_ in ("nsubj", "nsubjpass"):
            if cur.lemma_.lower() in SPEAKER_NOUNS or cur.lower_ in SPEAKER_NOUNS:
                return trigger is None or cur.head.i != trigger.i or trigger.pos_ != "VERB" \
                    or trigger.lemma_.lower() in ("say", "stress", "report", "tell", "confirm", "state")
            return False
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _in_reason_adjunct(prep: Token, trigger: Token) -> bool:
    """The place sits inside an adjunct "over/after/for <another event noun> ..." of the trigger."""
    cur = prep.head
    for _ in range(6):
        if cur.i == trigger.i or cur.head.i == cur.i:
            return False
        if cur.dep_ == "pobj" and cur.head.lower_ in REASON_PREPS and cur.i != trigger.i:
            return True
        cur = cur.head
    return False


def _is_heading_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s.split()) <= 12 and not s.endswith((".", "!", "?", "\u201d", '"', ":", ";"))


def _context_ok(doc: Doc, p: PlaceMention) -> bool:
    """Could this place, in its own sentence, be where something happens (not an actor,
    origin, adjective or process name)?"""
    toks = _toks(doc, p)
    if not toks:
        return False
    root = min(toks, key=lambda t: len(list(t.ancestors)))
    prep = _governing_prep(root)
    role = root
    while role.dep_ == "conj" and role.head.i != role.i:
        role = role.head
    if prep is not None:
        low = prep.lower_
        if low in ORIGIN_PREPS | AGENT_PREPS | DEST_PREPS:
            return False
        if low in ("on", "over", "regarding") and prep.head.lower_ in PROCESS_NOUNS:
            return False
        if low == "of" and prep.head.lower_ in PROCESS_NOUNS:
            return False
        if low == "between" and p.feature in BROAD_FEATURES:
            return False
        return not (low in LOC_PREPS and _speaker_location(prep, None))
    if root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return False
    if p.feature in ("country", "capital") and role.dep_ in ACTOR_DEPS:
        return False
    return p.feature not in BROAD_FEATURES or p.precision >= 3 and role.dep_ not in ACTOR_DEPS


_FOCUS_CACHE: dict[int, tuple[list[PlaceMention], list[PlaceMention]]] = {}


def document_focus(doc: Doc, places: list[PlaceMention]) -> list[PlaceMention]:
    """The document's focus area: the most mentioned sub-national place (by admin1, then by
    name) among places used as locations, returned as one representative mention at
    precision 3 (a province-level guess).  [] when the document has no sub-national place.
    Cached per ``places`` list (one document)."""
    hit = _FOCUS_CACHE.get(id(places))
    if hit is not None and hit[0] is places:
        return hit[1]
    votes: Counter = Counter()
    rep: dict[str, PlaceMention] = {}
    text = doc_text(doc)
    for p in places:
        if not p.resolved or p.feature in BROAD_FEATURES - {"capital"}:
            continue  # a capital used as a location counts (actors are not _context_ok)
        # a dateline ("IDLIB, Syria (North Press) -") says where the report is about
        dateline = (p.span.start == 0 or text[p.span.start - 1] == "\n") and p.span.text.isupper() \
            and p.feature != "capital"  # "MOSCOW (Sputnik) -": where the agency sits
        if not dateline and not _context_ok(doc, p):
            continue
        key = f"{p.country}/{p.admin1 or p.name}"
        votes[key] += 3 if dateline else 1
        # prefer the admin1 unit itself (or the broadest mention) as the representative
        cur = rep.get(key)
        if cur is None or (p.feature == "admin1", p.precision) > (cur.feature == "admin1", cur.precision):
            rep[key] = p
    out: list[PlaceMention] = []
    if votes:
        key, n = votes.most_common(1)[0]
        if n >= 2:
            p = rep[key]
            out = [PlaceMention(span=p.span, name=p.admin1 or p.name, place_id=p.place_id, lat=p.lat,
                                lon=p.lon, admin1=p.admin1, country=p.country, feature=p.feature,
                                precision=3, reason=f"document focus ({n} mentions)")]
    _FOCUS_CACHE.clear()
    _FOCUS_CACHE[id(places)] = (places, out)
    return out


def context_places(doc: Doc, sentence_span: SpacySpan, places: list[PlaceMention],
                   max_sentences: int = 6) -> list[PlaceMention]:
    """The nearest earlier location of the same narrative: the last sentence before this one
    (within its section: stop at a heading line, at most ``max_sentences`` sentences back)
    that has a place used as a location; its places at precision >= 2."""
    text = doc_text(doc)
    start = sentence_span.start_char
    nl = text.rfind("\n", start, sentence_span.end_char)
    if nl > start and _is_heading_line(text[max(text.rfind("\n", 0, nl) + 1, start):nl]):
        return []  # the parser glued a heading line to this sentence: a new section starts here
    before = [p for p in places if p.resolved and p.span.end <= start]
    if not before:
        return []
    # section start: the last heading line before the sentence
    sec = 0
    pos = text.rfind("\n", 0, start)
    while pos > 0:
        ls = text.rfind("\n", 0, pos) + 1
        if _is_heading_line(text[ls:pos]):
            sec = pos + 1
            break
        pos = ls - 1
    sents = [s for s in doc.sents if sec <= s.start_char and s.end_char <= start + 1]
    for s in reversed(sents[-max_sentences:]):
        inside = [p for p in before if s.start_char <= p.span.start and p.span.end <= s.end_char
                  and p.feature not in CONTEXT_SKIP and _context_ok(doc, p)]
        if inside:
            scored = _score_places(doc, inside, None, True)
            top = max(sc for sc, _ in scored)
            best = [p for sc, p in scored if sc >= top - 0.5]
            return [_widen(p, 2, "context: earlier sentence") for p in best]
    return []


def _widen(p: PlaceMention, precision: int, why: str) -> PlaceMention:
    return PlaceMention(span=p.span, name=p.name, place_id=p.place_id, lat=p.lat, lon=p.lon,
                        admin1=p.admin1, country=p.country, feature=p.feature,
                        precision=max(p.precision, precision), reason=f"{why}; {p.reason}")


def event_location(doc: Doc, sentence_span: SpacySpan, trigger_token: Token | None,
                   places: list[PlaceMention], plover: str | None = None,
                   document_focus_places: list[PlaceMention] | None = None) -> list[PlaceMention]:
    """Where an event happened: the one decision function for the events stage.

    1. The sentence's own places (:func:`event_places`: locative attachment to the trigger,
       exclusions of actors, origins, adjectives, process names, speakers' locations).
    2. Nothing stated in the sentence: physical events (``PHYSICAL_TYPES``: ASSAULT,
       MOBILIZE, PROTEST, COOPERATE, RETREAT, CRIME, AID, INVESTIGATE) and any event whose
       sentence points to a place anaphorically ("there", "in the region", "the province")
       take the nearest earlier location of the same section (precision >= 2), else the
       document's focus area (precision 3).  Verbal events (statements, DEMAND, AGREE,
       CONSULT, DISAPPROVE, THREATEN...) without a stated place or anaphor get [].

    ``places`` is the document's full place list (``DocumentAnalysis.places``);
    ``document_focus_places`` overrides :func:`document_focus`.  Every returned mention's
    ``reason`` says which rule produced it.
    """
    attack = plover not in MOVEMENT_TYPES
    physical = plover in PHYSICAL_TYPES
    own = event_places(sentence_span, places, trigger_token, attack=attack)
    if own:
        return own
    s0, s1 = sentence_span.start_char, sentence_span.end_char
    stated = any(p.resolved and s0 <= p.span.start < s1 for p in places)
    # an anaphor ("there") in a sentence that names places refers to one of them
    anaphor = not stated and ANAPHOR_RE.search(sentence_span.text) is not None
    if not (physical or anaphor):
        return []
    ctx = context_places(doc, sentence_span, places)
    if ctx:
        return ctx
    focus = document_focus_places if document_focus_places is not None else document_focus(doc, places)
    return list(focus)


def _governing_prep(tok: Token) -> Token | None:
    """The preposition a place hangs from ("in the southern countryside of Idlib" -> in)."""
    t = tok
    for _ in range(4):
        h = t.head
        if t.dep_ == "pobj" and h.pos_ == "ADP":
            if h.lower_ == "of" and h.head.pos_ in ("NOUN", "PROPN") and h.head.dep_ == "pobj" \
                    and h.head.lower_ not in PROCESS_NOUNS:
                t = h.head
                continue
            return h
        if t.dep_ in ("appos", "conj", "compound") and h is not t:
            t = h
            continue
        if t.dep_ == "npadvmod" and h.pos_ == "ADV":  # "2 km west of"
            return None
        break
    return None
