"""Resolution: candidates, admin context, country focus, scoring, one sense per document, output."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from spacy.tokens import Doc

from eventwatch.models import Document, PlaceMention, Span
from eventwatch.resolve.admin_context import Qualifier, admin_match, names_unit, qualifiers
from eventwatch.resolve.gazetteer import Candidate, Gazetteer, Place, admin_core_name, haversine_km, place_key
from eventwatch.resolve.places._common import (
    DEMONYMS,
    DIRECTIONS,
    LOCAL_FEATURES,
    SETTLEMENTS,
    _Mention,
)
from eventwatch.resolve.places.describe import _describe
from eventwatch.resolve.places.recognise import (
    ADMIN_TYPE_WORDS,
    TYPE_WORDS,
    _feature_word,
    _recognise,
)


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
                     country_keys: dict[str, str]) -> tuple[Candidate, Qualifier, bool] | None:
    """The most specific qualifier the gazetteer knows, resolved with the broader ones after
    it as its own context: "Golombali (Touboro, Mayo-Rey, Nord)" -> Touboro in Nord.  The
    flag says whether that reading is firm (an admin unit, or confirmed by a broader
    qualifier) rather than a guess from the document's focus."""
    for i, q in enumerate(quals):
        if q.how == "comma" and i == 0 and len(quals) == 1 and not focus:
            continue
        cands = [c for c in gaz.lookup(q.text) or gaz.lookup(admin_core_name(q.text))
                 if c.place.feature != "country"]
        # with no document focus, a name known in one country only is taken as it is
        alone = not focus and len({c.place.country for c in cands}) == 1
        best: tuple[float, Candidate, bool] | None = None
        for c in cands:
            p = c.place
            bonus, _ = admin_match(p, quals[i + 1:], country_keys)
            if not (bonus > 0 or p.country in focus[:2] or alone):
                continue
            unit = p.feature in ("admin1", "admin2", "admin3")
            sc = p.prior + bonus + (2.0 if focus and p.country == focus[0] else 0.0) + (1.0 if unit else 0.0)
            if best is None or sc > best[0]:
                best = (sc, c, bonus > 0 or unit)
        if best is not None:
            return best[1], q, best[2]
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
        c, q, firm = hit
        if m.chosen is not None and (m.chosen.place.country == c.place.country or not firm):
            continue  # "Bogota (Bogota, D.C.)": a guessed qualifier does not move a known city
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
        if nxt is not None and ((nxt.lower_ in ("of", "city", "'s", "’s") and nxt.lower_ != "city")
                                or (nxt.text == "," and t.i + 2 < len(doc) and doc[t.i + 2].pos_ == "PROPN")
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
