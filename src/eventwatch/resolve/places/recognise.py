"""Toponym recognition: ruler ents, spaCy ents, key scan, locative scan, longer names."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from eventwatch.resolve.gazetteer import Gazetteer, place_key
from eventwatch.resolve.places._common import (
    PLACE_LABELS,
    SETTLEMENTS,
    _Mention,
)
from eventwatch.resolve.places.describe import _dir_word

RIVER_WORDS = {"river", "delta", "valley", "basin", "lake", "gorge", "plateau", "desert"}


def _feature_word(doc: Doc, m: _Mention) -> None:
    """"the Niger River", "the Congo basin": a country name inside a physical feature's name
    is not the country (nor any settlement of that name)."""
    if m.end < len(doc) and doc[m.end].lower_ in RIVER_WORDS and doc[m.end].is_title:
        m.candidates = []
        m.end = m.d_end = m.end + 1
        m.text = doc[m.start:m.end].text
        m.reason = "physical feature (not in gazetteer)"


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
        if covered[i] or not (t.is_title or (t.is_upper and len(t) > 2)) or (t.is_sent_start and t.is_stop):
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
                or not (t.pos_ == "PROPN" or (t.pos_ in ("NOUN", "X", "ADJ") and not t.is_sent_start)):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 4 and not covered[j] and ((doc[j].is_title and doc[j].pos_ == "PROPN")
                                                          or (doc[j].lower_ in ("al", "el", "de", "des")
                                                          and j + 1 < n and doc[j + 1].is_title)):
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
            doc[e + 2].lower_ in TYPE_WORDS or (e + 3 < n and doc[e + 3].lower_ in TYPE_WORDS)):
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
