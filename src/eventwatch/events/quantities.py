"""Quantities stated for an event (killed, injured, fighters, vehicles, people) and the
event's toll -- its fatality and injury figures -- from them.

Word lists are data: ``data/lexicons/quantities.yaml``.

- ``sentence_quantities(sentence)``: every counted noun of a sentence with its kind, value and
  qualifier.  A number's kind comes from the predicates the counted noun is an argument of,
  including verbs that share it ("was shot and killed"), never a conjoined verb with its own
  argument ("three were killed and 25 were injured").  Ranges keep the lower figure ("killing
  1-3": 1, with ``low``/``high``); conjoined groups of one predicate are summed ("two guards and
  one Chinese national were killed": 3); a singular victim without a number counts one ("a man
  was shot and killed", "killed a journalist", "the victim died").
- ``toll(quantities)``: (fatalities, injured) of an event: a stated tally ("1 fatality",
  "38 deaths") wins, else the first killed figure -- one figure, the first source's, when
  sources disagree; the injured likewise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwatch.models import Quantity, Span
from eventwatch.resolve._dates import MONTHS

__all__ = ["number_value", "sentence_quantities", "toll"]

CASUALTY_KINDS = frozenset({"killed", "injured", "killed_or_injured"})
_ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj")
_SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
_OWN_GROUP = frozenset({"more", "others", "other"})  # "... and many more wounded": its own group
_RANGE_DASHES = frozenset({"-", "–", "—", "to"})
_MONTH_NAMES = frozenset(m.capitalize() for m in MONTHS) | frozenset(m.upper() for m in MONTHS)


@dataclass(frozen=True, slots=True)
class QuantityLexicon:
    number_words: dict[str, int]
    vague: dict[str, int]
    qualifiers: tuple[str, ...]
    kill: frozenset[str]
    injure: frozenset[str]
    tally: frozenset[str]
    toll: frozenset[str]
    kill_people: frozenset[str]
    tally_coding: tuple[str, ...]
    lives: frozenset[str]
    lives_verbs: frozenset[str]
    fighters: frozenset[str]
    vehicles: frozenset[str]
    people: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> QuantityLexicon:
    raw = yaml.safe_load(
        resources.files("eventwatch").joinpath("data/lexicons/quantities.yaml").read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key, []) or [])

    return QuantityLexicon(
        number_words={str(k).lower(): int(v) for k, v in raw["number_words"].items()},
        vague={str(k).lower(): int(v) for k, v in raw["vague"].items()},
        qualifiers=tuple(str(q).lower() for q in raw["qualifiers"]),
        kill=words("kill"), injure=words("injure"), tally=words("tally"), toll=words("toll"),
        kill_people=words("kill_people"), lives=words("lives"), lives_verbs=words("lives_verbs"),
        tally_coding=tuple(str(c).lower() for c in raw.get("tally_coding", []) or []),
        fighters=words("fighters"), vehicles=words("vehicles"), people=words("people"),
    )


def number_value(tok: Token) -> tuple[int | None, str | None]:
    """Numeric value of one token ("200", "1,500", "fifteen", "dozens")."""
    lex = lexicon()
    low = tok.lower_
    if low == "number" and (tok.i == 0 or tok.doc[tok.i - 1].lower_ != "a"):
        return None, None  # only "a number of"
    if low in lex.vague:
        return lex.vague[low], low
    if low in lex.number_words:
        return lex.number_words[low], None
    text = low.replace(",", "")
    if text.isdigit():
        return int(text), None
    if "-" in low:  # twenty-five
        parts = low.split("-")
        if all(p in lex.number_words for p in parts):
            return sum(lex.number_words[p] for p in parts), None
    return None, None


def _joins(left: Token, right: Token) -> bool:
    """Whether two adjacent number tokens are one number: "twenty five", "ten thousand",
    "1.5 million" -- not "2016 One" (a dateline's year, then the text's first word)."""
    if left.pos_ != "NUM" or right.pos_ != "NUM":
        return False
    if number_value(left)[0] is None or number_value(right)[0] is None:
        return False
    multiplier = right.lower_ in ("hundred", "thousand", "million")
    return multiplier or (not (left.like_num and left.text[:1].isdigit()) and not right.text[:1].isdigit())


def _number_group(tok: Token) -> tuple[int | None, str | None, int, int]:
    """Value of the number phrase containing ``tok`` (``ten thousand``, ``1.5 million``)."""
    doc = tok.doc
    start = end = tok.i
    while start - 1 >= 0 and _joins(doc[start - 1], doc[start]):
        start -= 1
    while end + 1 < len(doc) and _joins(doc[end], doc[end + 1]):
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


def _range_end(doc: Doc, end: int) -> tuple[int, int] | None:
    """(upper value, last token index) of "1-3" / "1 to 3" right after a number ending at ``end``."""
    if end + 2 < len(doc) and doc[end + 1].lower_ in _RANGE_DASHES:
        v, _ = number_value(doc[end + 2])
        if v is not None and doc[end + 2].like_num:
            return v, end + 2
    return None


def _qualifier(doc: Doc, start: int) -> str | None:
    before = " ".join(t.lower_ for t in doc[max(0, start - 2) : start])
    for q in lexicon().qualifiers:
        if before.endswith(q):
            return q
    return None


def _first_conjunct(tok: Token) -> Token:
    """The first of a coordination of nouns ("two guards and one national" -> guards)."""
    for _ in range(10):
        if tok.dep_ != "conj" or tok.head.i == tok.i or tok.head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            break
        tok = tok.head
    return tok


def _argument(noun: Token) -> Token:
    """The noun that stands in the clause for ``noun``: its first conjunct, climbing out of
    "a total of 37 fighters" / "the lives of 136 civilians" to the quantity noun."""
    first = _first_conjunct(noun)
    for _ in range(3):
        of = first.head
        if first.dep_ == "pobj" and of.lower_ == "of" and of.head.i != of.i and of.head.pos_ in ("NOUN", "PRON"):
            first = _first_conjunct(of.head)
            continue
        break
    return first


def _shared_verbs(verb: Token) -> list[Token]:
    """``verb`` and the verbs conjoined with it that take no argument of their own ("shot and
    killed"), so share its subject or object; not "killed ... and 25 were injured"."""
    out = [verb]
    for c in verb.children:
        shares = c.dep_ == "conj" and c.pos_ in ("VERB", "AUX", "ADJ") and not any(
            g.dep_ in _ARGUMENT_DEPS or g.lower_ in _OWN_GROUP for g in c.children)
        # "are estimated to have been killed": the complement verb
        if shares or (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")):
            out.extend(_shared_verbs(c))
    return out


def _predicates(noun: Token) -> list[Token]:
    """The words that say what happened to ``noun``: its governing verb and the verbs sharing
    it, its own modifiers ("civilians killed", "people dead")."""
    first = _argument(noun)
    # modifiers of the noun; a verb with its own object is what the noun did ("4 rocket shells
    # killing 8 persons"), not what happened to it
    cands = [c for c in list(noun.children) + (list(first.children) if first is not noun else [])
             if not any(g.dep_ == "dobj" for g in c.children)]
    if first.head.i != first.i:
        head = first.head
        if first.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in head.children):
            return cands  # the subject of "killing 3 people" is the killer, not the killed
        cands += _shared_verbs(head)
        # "killing and injuring a number of fighters": the first verb shares the object
        verb = head
        while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and not any(
                c.dep_ == first.dep_ for c in verb.head.children):
            verb = verb.head
            cands.append(verb)
        # "were shot dead": a predicate adjective of the verb
        cands += [c for v in _shared_verbs(head) for c in v.children if c.dep_ in ("acomp", "oprd")]
        if first.dep_ == "dobj":
            # "left three civilians injured": a predicate on the object, without an object of its own
            cands += [
                c for c in head.children
                if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "advcl") and not any(g.dep_ == "dobj" for g in c.children)
            ]
        if first.dep_ == "pobj" and head.head.i != head.i:
            head = head.head  # "rose to 19 people": the verb of the preposition
        if first.dep_ in ("dobj", "nummod", "pobj"):
            # "the death toll reached 112": the subject of the verb says what is counted
            cands += [s for s in head.children if s.dep_ == "nsubj" and _is_death_toll(s)]
    return cands


def _is_death_toll(tok: Token) -> bool:
    lex = lexicon()
    return tok.lemma_.lower() in lex.toll and any(
        c.lemma_.lower() in lex.kill or c.lower_ in lex.kill for c in tok.children if c.dep_ in ("compound", "amod"))


def _kind(noun: Token) -> str | None:
    """Classify what the counted noun is: killed / injured / killed_or_injured / fighters..."""
    lex = lexicon()
    lem = noun.lemma_.lower()
    if lem in lex.kill or lem in lex.injure:  # "15 deaths"
        return "killed" if lem in lex.kill else "injured"
    person = lem in lex.fighters or lem in lex.people
    arg = _argument(noun)
    # "cost more than 500 lives", "the lives of 136 civilians"; "the death toll, at least 112"
    kill = (arg.lemma_.lower() in lex.lives and arg.head.lemma_.lower() in lex.lives_verbs) or _is_death_toll(noun)
    inj = False
    for c in _predicates(noun):
        cl, low = c.lemma_.lower(), c.lower_
        kill = kill or cl in lex.kill or low in lex.kill or _is_death_toll(c) or (person and cl in lex.kill_people)
        inj = inj or cl in lex.injure or low in lex.injure
    if kill and inj:
        return "killed_or_injured"
    if kill:
        return "killed"
    if inj:
        return "injured"
    if lem in lex.fighters:
        return "fighters"
    if lem in lex.vehicles:
        return "vehicles"
    if lem in lex.people:
        return "people"
    return None


def _span(doc: Doc, first: int, last: int) -> Span:
    return Span(doc[first].idx, doc[last].idx + len(doc[last].text), doc[first : last + 1].text)


def _counted(sentence: SpacySpan) -> list[tuple[Token, Quantity]]:
    """Counted nouns with a number: (counted noun token, Quantity)."""
    out: list[tuple[Token, Quantity]] = []
    seen: set[int] = set()
    doc = sentence.doc
    for tok in sentence:
        if tok.i in seen or tok.dep_ not in ("nummod", "quantmod", "compound", "amod", "nsubj", "nsubjpass", "dobj",
                                             "pobj", "npadvmod", "appos"):
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
        rng = _range_end(doc, end)
        if rng is not None:
            seen.update(range(end + 1, rng[1] + 1))
        # the counted noun: head of the number (or "dozens of X" -> X)
        noun = doc[end].head if doc[end].dep_ in ("nummod", "compound", "quantmod", "amod") else doc[end]
        if vague and noun is doc[end]:
            of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
            if of and (pobj := [c for c in of[0].children if c.dep_ == "pobj"]):
                noun = pobj[0]
        # skip years / dates: numbers attached to months
        if noun.ent_type_ == "DATE" or doc[end].ent_type_ in ("DATE", "TIME") or (
                doc[end].ent_type_ == "CARDINAL" and noun.pos_ == "PROPN"):
            continue
        if 1900 <= value <= 2100 and not vague:
            continue
        if end + 1 < len(doc) and doc[end + 1].text.rstrip(".") in _MONTH_NAMES:
            continue  # a day of the month ("16 Apr 2017")
        kind = _kind(noun)
        qual = _qualifier(doc, start) or vague
        if _coded_tally(doc, start, sentence):
            kind, qual = "killed", "coded"
        if kind is None:
            continue
        low = high = None
        if rng is not None and rng[0] > value:
            qual, low, high = "range", value, rng[0]  # ACLED codes the lower figure
        elif qual == "up to":
            high = value
        elif qual in ("at least", "more than", "over"):
            low = value
        last = noun if noun.i > end else doc[rng[1] if rng else end]
        out.append((noun, Quantity(kind=kind, value=value, low=low, high=high, qualifier=qual,
                                   span=_span(doc, start, last.i))))
    return out


def _coded_tally(doc: Doc, start: int, sentence: SpacySpan) -> bool:
    """"Fatalities coded as 20", "coded as additional 10 fatalities": the toll as coded."""
    lex = lexicon()
    before = " ".join(t.lower_ for t in doc[max(sentence.start, start - 4):start])
    return any(cue in before for cue in lex.tally_coding) and bool(_tally_rx().search(sentence.text))


def _singular_victims(sentence: SpacySpan, counted: dict[int, str]) -> list[tuple[Token, Quantity]]:
    """One death per singular victim without a number: the subject of a passive kill verb or
    of "die", the object of an active one ("a man was shot and killed", "killed a journalist",
    "the victim died")."""
    lex = lexicon()
    out: list[tuple[Token, Quantity]] = []
    for tok in sentence:
        if tok.i in counted or tok.head.i == tok.i or tok.dep_ not in _ARGUMENT_DEPS:
            continue
        if any(c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and (g.tag_ in ("NNS", "NNPS") or any(n.dep_ == "nummod" for n in g.children))
                for g in c.children) for c in tok.children):
            continue  # "a total of 37 fighters", "a group of people": not one victim
        if not (tok.tag_ in ("NN", "NNP") or tok.lower_ in _SINGULAR_PRONOUNS):
            continue
        lem = tok.lemma_.lower()
        if lem in lex.vehicles or lem in lex.kill or lem in lex.injure or lem in lex.toll:
            continue
        if any(c.dep_ == "nummod" or c.lower_ in ("no", "every", "each") for c in tok.children):
            continue
        if any(c.dep_ == tok.dep_ and c.i != tok.i for c in tok.head.children):
            continue  # a second object or subject is a misparse ("killed 25 children ... the agency")
        verbs = _shared_verbs(tok.head)
        verbs += [c for v in verbs for c in v.children if c.dep_ in ("acomp", "oprd", "xcomp", "advmod")]  # "shot dead"
        lemmas = {v.lemma_.lower() for v in verbs} | {v.lower_ for v in verbs}
        if tok.dep_ == "nsubj" and not ({"die", "dead"} & lemmas):
            continue  # the killer, not the killed
        if not (lemmas & lex.kill):
            continue
        kind = "killed_or_injured" if lemmas & lex.injure else "killed"
        out.append((tok, Quantity(kind=kind, value=1, span=_span(tok.doc, tok.left_edge.i, tok.i))))
    groups = dict(counted) | {t.i: q.kind for t, q in out}
    for tok in sentence:
        # "five women and a child were killed", "a woman and her daughter": one more each
        group_kind = groups.get(_first_conjunct(tok).i) if tok.dep_ == "conj" else None
        if group_kind and tok.i not in groups and tok.tag_ in ("NN", "NNP") \
                and not any(c.dep_ == "nummod" for c in tok.children):
            out.append((tok, Quantity(kind=group_kind, value=1, span=_span(tok.doc, tok.left_edge.i, tok.i))))
    return out


def _group_key(noun: Token) -> tuple[int, str]:
    """Casualty groups that are one argument of one predicate: conjuncts, or co-subjects of
    the same verb (a coordination the parser split)."""
    arg = _argument(noun)
    if arg.dep_ in _ARGUMENT_DEPS and arg.head.i != arg.i:
        return (arg.head.i, arg.dep_)
    return (arg.i, "")


def _sum_conjuncts(found: list[tuple[Token, Quantity]]) -> list[tuple[Token, Quantity]]:
    """Conjoined casualty groups of one predicate are one figure: "two guards and one Chinese
    national were killed" -> 3."""
    groups: dict[tuple[tuple[int, str], str], list[tuple[Token, Quantity]]] = {}
    for noun, q in found:
        if q.kind in CASUALTY_KINDS:
            groups.setdefault((_group_key(noun), q.kind), []).append((noun, q))
    out = []
    for noun, q in found:
        group = groups.get((_group_key(noun), q.kind)) if q.kind in CASUALTY_KINDS else None
        if not group or len(group) == 1:
            out.append((noun, q))
            continue
        if group[0][0] is not noun:
            continue  # folded into the group's first member
        spans = [g.span for _, g in group if g.span is not None]
        text = noun.doc.text
        span = Span(min(s.start for s in spans), max(s.end for s in spans), "") if spans else None
        if span is not None:
            span = Span(span.start, span.end, text[span.start:span.end])
        out.append((noun, Quantity(kind=q.kind, value=sum(g.value for _, g in group),
                                   qualifier=q.qualifier, span=span)))
    return out


def sentence_quantities(sentence: SpacySpan) -> list[tuple[Token, Quantity]]:
    """All counted nouns in a sentence: (counted noun token, Quantity), in text order."""
    found = _counted(sentence)
    counted = {n.i: q.kind for n, q in found if q.kind in CASUALTY_KINDS}
    counted.update({n.i: counted.get(n.i, "") for n, _ in found})
    found += _singular_victims(sentence, counted)
    found.sort(key=lambda nq: nq[1].span.start if nq[1].span is not None else nq[0].idx)
    return _sum_conjuncts(found)


@lru_cache(maxsize=1)
def _tally_rx() -> re.Pattern[str]:
    words = sorted(lexicon().tally, key=len, reverse=True)
    forms = [re.escape(w[:-1] + "ies") if w.endswith("y") else re.escape(w + "s") for w in words]
    return re.compile(r"\b(?:" + "|".join(forms + [re.escape(w) for w in words]) + r")\b", re.IGNORECASE)


def _is_tally(q: Quantity) -> bool:
    return q.qualifier == "coded" or (q.span is not None and bool(_tally_rx().search(q.span.text)))


def toll(quantities: list[Quantity]) -> tuple[int | None, int | None]:
    """(fatalities, injured) of an event from its quantities, in text order: a stated tally
    ("1 fatality", "38 deaths") wins; else the first killed figure (one figure: the first
    source's when sources disagree); injured: the first injured figure."""
    killed = [q for q in quantities if q.kind == "killed"]
    tallies = [q for q in killed if _is_tally(q)]
    fatalities = (tallies or killed)[0].value if killed else None
    injured = next((q.value for q in quantities if q.kind == "injured"), None)
    return fatalities, injured
