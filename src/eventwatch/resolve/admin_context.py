"""Administrative context of a toponym: the names that locate it inside its country.

News and event notes qualify a small place by the units it lies in: "Kamianske,
Zaporizhia", "Ushuaia (Tierra del Fuego)", "Intagom (Tin-Akoff, Oudalan)", "in Kamdesh
district, Nuristan", "Zhezkazgan township in Qaraghandy region".  :func:`qualifiers` reads
those names after a toponym; :func:`admin_match` says whether a gazetteer candidate lies in
them (its admin1/admin2 names, or its country), so that disambiguation can prefer the
Kamianske of Zaporizhia over a same-named village elsewhere.  Names are compared by their
transliteration key without type words ("Wilayat-e Baghlan" = "Baghlan province"), with a
fuzzy ratio for spelling variants ("Khowst" = "Khost", "Parvan" = "Parwan").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from eventwatch.resolve.gazetteer import Place, admin_core_name, place_key

# a qualifier may carry its own type word ("Khost province", "Kamdesh district")
TYPE_WORDS = frozenset({
    "province", "region", "state", "county", "governorate", "prefecture", "department",
    "oblast", "division", "district", "territory", "municipality", "city", "town", "village",
    "area", "township", "commune", "locality", "subdistrict", "sub-district", "zone",
})
# words allowed inside a qualifier's name ("Rio Grande do Norte", "Bogota, D.C.")
NAME_LINKS = frozenset({"de", "del", "do", "da", "dos", "das", "di", "la", "el", "al", "of", "-",
                        "'", "ad", "ash", "as", "an", "ar", "at", "az", "ed", "es", "et", "du",
                        "des", "le", "les", "y", "&", "."})
FUZZY_MIN = 85.0
ADMIN_BONUS = 5.0
COUNTRY_BONUS = 2.5


@dataclass(frozen=True, slots=True)
class Qualifier:
    """A name that follows a toponym and may locate it: ``start``/``end`` are token indices."""

    start: int
    end: int
    text: str
    how: str  # "paren" | "comma" | "in-admin"

    @property
    def key(self) -> str:
        return admin_key(self.text)


@lru_cache(maxsize=100_000)
def admin_key(name: str) -> str:
    """Transliteration key of an admin name without type words."""
    return place_key(admin_core_name(name))


def _name_run(doc: Doc, i: int, stop: int) -> int:
    """End of a capitalised name run starting at ``i`` (link words allowed inside)."""
    j = i
    while j < stop:
        t = doc[j]
        if t.is_title or (t.is_upper and len(t) > 1) or (t.text[:1].isupper() and t.is_alpha) or (t.lower_ in NAME_LINKS and j > i and j + 1 < stop and (doc[j + 1].is_title or doc[j + 1].is_upper
                                                                   or doc[j + 1].lower_ in NAME_LINKS)):
            j += 1
        elif t.lower_ in TYPE_WORDS and j > i:
            j += 1
            break
        else:
            break
    while j > i and doc[j - 1].lower_ in NAME_LINKS:
        j -= 1
    return j


def qualifiers(doc: Doc, end: int, limit: int = 3) -> list[Qualifier]:
    """The admin-like names right after a toponym ending at token ``end``: a parenthesis
    "(A, B)", a comma list ", A, B" (capitalised runs only), or "in A province"."""
    n = len(doc)
    k = end
    while k < n and doc[k].lower_ in TYPE_WORDS:  # "Kamdesh district, Nuristan"
        k += 1
    if k >= n:
        return []
    sent_end = doc[k - 1].sent.end if k > 0 else n
    out: list[Qualifier] = []
    if doc[k].text == "(":
        close = next((j for j in range(k + 1, min(n, k + 16)) if doc[j].text == ")"), None)
        if close is None:
            return []
        i = k + 1
        while i < close and len(out) < limit:
            while i < close and doc[i].text in (",", ";", "/"):
                i += 1
            j = _name_run(doc, i, close)
            if j <= i:
                break
            out.append(Qualifier(i, j, doc[i:j].text, "paren"))
            i = j
            if i < close and doc[i].text not in (",", ";", "/"):
                break
        return out
    if doc[k].text == ",":
        i = k
        while i < sent_end and doc[i].text == "," and len(out) < limit:
            j = _name_run(doc, i + 1, sent_end)
            if j <= i + 1:
                break
            out.append(Qualifier(i + 1, j, doc[i + 1:j].text, "comma"))
            i = j
        return out
    if doc[k].lower_ == "in" and k + 1 < sent_end:
        i = k + 1 + (1 if doc[k + 1].lower_ == "the" else 0)
        j = _name_run(doc, i, sent_end)
        if j > i and (doc[j - 1].lower_ in TYPE_WORDS or (j < n and doc[j].lower_ in TYPE_WORDS)):
            return [Qualifier(i, j, doc[i:j].text, "in-admin")]
    return []


def _same(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if abs(len(a) - len(b)) > 3 or a[0] != b[0]:
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= FUZZY_MIN


def admin_match(place: Place, quals: list[Qualifier], country_keys: dict[str, str]) -> tuple[float, str]:
    """Bonus for a candidate that lies in the qualifiers' units, and why ("admin1 Zaporizhia").

    ``country_keys`` maps ISO2 codes to the key of the country's name: a qualifier that names
    the candidate's country ("Djibouti, Djibouti") counts less than a matching admin unit."""
    if not quals:
        return 0.0, ""
    keys = [q.key for q in quals]
    bonus, why = 0.0, list[str]()
    for level, name in (("admin1", place.admin1), ("admin2", place.admin2)):
        if not name or (level == "admin2" and name == place.admin1):
            continue
        k = admin_key(name)
        hit = next((q for q, qk in zip(quals, keys, strict=True) if _same(qk, k)), None)
        if hit is not None:
            bonus += ADMIN_BONUS if not why else 2.0
            why.append(f"in {level} {hit.text}")
    ck = country_keys.get(place.country or "")
    if ck and any(qk == ck for qk in keys):
        bonus += COUNTRY_BONUS
        why.append(f"in {place.country}")
    return bonus, ", ".join(why)


def names_unit(place: Place, text: str) -> bool:
    """Is ``place`` an admin unit whose name is ``text`` (a qualifier resolved as the unit)?"""
    if place.feature not in ("admin1", "admin2", "admin3", "region"):
        return False
    k = admin_key(text)
    return any(_same(k, admin_key(n)) for n in (place.name, place.admin2 if place.feature == "admin2" else place.admin1) if n)
