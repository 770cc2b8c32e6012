"""Event location: which of a sentence's places are the event's, with the context fallback."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwatch.models import PlaceMention, Span
from eventwatch.nlp.pipeline import doc_text
from eventwatch.resolve.admin_context import admin_key
from eventwatch.resolve.gazetteer import haversine_km
from eventwatch.resolve.places._common import (
    BROAD_FEATURES,
    LOC_PREPS,
)

# ---------------------------------------------------------------------- event location
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
    for sc, unit in list(scored):
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
    return p.feature not in BROAD_FEATURES or (p.precision >= 3 and role.dep_ not in ACTOR_DEPS)


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
