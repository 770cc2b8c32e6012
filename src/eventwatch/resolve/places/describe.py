"""Relative descriptions around a toponym: "X province", "southern X", "2 km west of X"."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from eventwatch.resolve.places._common import (
    _DIR_RE,
    ADMIN_WORDS,
    AREA_WORDS,
    CITY_WORDS,
    DISTRICT_WORDS,
    LOC_PREPS,
    NEAR_WORDS,
    _Mention,
)


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
