"""Quantities stated for an event: killed, injured, fighters, vehicles, people."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwatch.models import Quantity, Span

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 1_000_000, "a dozen": 12, "dozen": 12,
}
# vague plurals: value is a conventional lower bound, kept with a qualifier
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20}
QUALIFIERS = ("up to", "at least", "more than", "over", "about", "around", "nearly", "almost",
              "some", "approximately", "roughly", "less than", "fewer than")
KILL = frozenset({"kill", "dead", "die", "death", "fatality", "slay", "execute", "massacre", "murder"})
INJURE = frozenset({"injure", "wound", "injury", "hurt", "injured", "wounded"})
FIGHTERS = frozenset({"fighter", "militant", "troop", "soldier", "man", "gunman", "mercenary",
                      "serviceman", "member", "terrorist", "rebel", "jihadist", "insurgent", "policeman"})
VEHICLES = frozenset({"vehicle", "tank", "truck", "car", "convoy", "pickup", "armored", "apc", "aircraft",
                      "plane", "helicopter", "drone"})
PEOPLE = frozenset({"people", "civilian", "person", "child", "woman", "resident", "family", "protester"})


def number_value(tok: Token) -> tuple[int | None, str | None]:
    """Numeric value of one token ("200", "1,500", "fifteen", "dozens")."""
    low = tok.lower_
    if low in VAGUE:
        return VAGUE[low], low
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low], None
    text = low.replace(",", "")
    if text.isdigit():
        return int(text), None
    if "-" in low:  # twenty-five
        parts = low.split("-")
        if all(p in NUMBER_WORDS for p in parts):
            return sum(NUMBER_WORDS[p] for p in parts), None
    return None, None


def _number_group(tok: Token) -> tuple[int | None, str | None, int, int]:
    """Value of the number phrase containing ``tok`` (``ten thousand``, ``1.5 million``)."""
    doc = tok.doc
    start = end = tok.i
    while start - 1 >= 0 and number_value(doc[start - 1])[0] is not None and doc[start - 1].pos_ == "NUM":
        start -= 1
    while end + 1 < len(doc) and number_value(doc[end + 1])[0] is not None and doc[end + 1].pos_ == "NUM":
        end += 1
    total = 0
    current = 0
    qual = None
    for t in doc[start : end + 1]:
        v, q = number_value(t)
        qual = qual or q
        if v is None:
            continue
        if v in (100, 1000, 1_000_000) and current:
            current *= v
            if v >= 1000:
                total += current
                current = 0
        else:
            current += v
    total += current
    return (total or None), qual, start, end


def _qualifier(doc, start: int) -> str | None:
    before = " ".join(t.lower_ for t in doc[max(0, start - 2) : start])
    for q in QUALIFIERS:
        if before.endswith(q):
            return q
    return None


def _kind(noun: Token, sentence: SpacySpan) -> str | None:
    """Classify what the counted noun is: killed / injured / killed_or_injured / fighters..."""
    lem = noun.lemma_.lower()
    cands = [noun.head] + list(noun.children)
    if noun.head.i != noun.i and noun.dep_ == "dobj":
        # "left three civilians injured": a predicate on the object, without an object of its own
        cands += [
            c for c in noun.head.children
            if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "advcl") and not any(g.dep_ == "dobj" for g in c.children)
        ]
    kill = inj = False
    for c in cands:
        cl = c.lemma_.lower()
        if cl in KILL or c.lower_ in KILL:
            kill = True
            inj = inj or any(cc.lemma_.lower() in INJURE for cc in c.children if cc.dep_ == "conj")
        if cl in INJURE or c.lower_ in INJURE:
            inj = True
            kill = kill or any(cc.lemma_.lower() in KILL for cc in c.children if cc.dep_ == "conj")
    if lem in KILL or lem in INJURE:  # "15 deaths"
        return "killed" if lem in KILL else "injured"
    if kill and inj:
        return "killed_or_injured"
    if kill:
        return "killed"
    if inj:
        return "injured"
    if lem in FIGHTERS:
        return "fighters"
    if lem in VEHICLES:
        return "vehicles"
    if lem in PEOPLE:
        return "people"
    return None


def sentence_quantities(sentence: SpacySpan) -> list[tuple[Token, Quantity]]:
    """All counted nouns in a sentence: (counted noun token, Quantity)."""
    out: list[tuple[Token, Quantity]] = []
    seen: set[int] = set()
    doc = sentence.doc
    for tok in sentence:
        if tok.i in seen or tok.dep_ not in ("nummod", "quantmod", "compound", "amod", "nsubj", "nsubjpass", "dobj", "pobj"):
            continue
        value, vague = number_value(tok)
        if value is None:
            continue
        if tok.pos_ not in ("NUM", "NOUN") and vague is None:
            continue
        value, vague, start, end = _number_group(tok)
        if value is None:
            continue
        seen.update(range(start, end + 1))
        # the counted noun: head of the number (or "dozens of X" -> X)
        noun = doc[end].head if doc[end].dep_ in ("nummod", "compound", "quantmod", "amod") else doc[end]
        if vague and noun is doc[end]:
            of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
            if of and (pobj := [c for c in of[0].children if c.dep_ == "pobj"]):
                noun = pobj[0]
        if noun.i in (d.i for d in ()):
            continue
        # "Russian military" -> skip years / dates: numbers attached to months
        if noun.ent_type_ == "DATE" or doc[end].ent_type_ in ("DATE", "TIME", "CARDINAL") and noun.pos_ == "PROPN":
            continue
        if 1900 <= value <= 2100 and not vague:
            continue
        kind = _kind(noun, sentence)
        if kind is None:
            continue
        qual = _qualifier(doc, start) or vague
        low = high = None
        if qual == "up to":
            high = value
        elif qual in ("at least", "more than", "over"):
            low = value
        first, last = doc[start], noun if noun.i > end else doc[end]
        span = Span(first.idx, last.idx + len(last.text), doc[first.i : last.i + 1].text)
        out.append((noun, Quantity(kind=kind, value=value, low=low, high=high, qualifier=qual, span=span)))
    return out
