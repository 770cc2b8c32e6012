"""The events stage: spaCy ``Doc`` + resolved mentions -> one ``EventReport`` per event per document.

Pipeline per sentence (see docs/events.md):
  triggers (lexicon + dependency context) -> absorption of framed complements ->
  re-typing by argument/context -> roles -> status/source -> time/place -> quantities,
then within-sentence and within-document merging and ACLED mapping.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwatch.events.classifier import default_plover, model_reading, refine_type
from eventwatch.events.genericity import (
    attributive,
    background_relative,
    cumulative_toll,
    generic_present,
    governing_verb,
    in_condition,
    irrealis_infinitive,
    negated_condition,
    negated_evidence,
    pluperfect_background,
    proportion_object,
)
from eventwatch.events.lexicon import Lexicon, TriggerType, load_lexicon
from eventwatch.events.modes import assault_mode, inherit_modes
from eventwatch.events.ontology import (
    FORMAL_AGREEMENT_WORDS,
    FRAMING_TYPES,
    GOVERNMENT_ACTOR_TYPES,
    VERBAL_TYPES,
    WITNESS_ACTOR_TYPES,
    acled_for,
)
from eventwatch.events.quantities import CASUALTY_KINDS, sentence_quantities, toll
from eventwatch.events.quote import event_quote
from eventwatch.events.roles import ACCUSE, PRONOUNS, ActorIndex, actors_in, roles_for, verb_subject
from eventwatch.events.status import StatusResult, phrase_text, quoted_speakers, status_for, token_span
from eventwatch.events.triggers import Trigger, clausal_complement, find_triggers
from eventwatch.models import (
    ActorMention,
    DocumentAnalysis,
    EventReport,
    PlaceMention,
    Quantity,
    Span,
    TimeMention,
)
from eventwatch.nlp.pipeline import doc_text
from eventwatch.resolve.places import event_location
from eventwatch.resolve.time import event_time

if TYPE_CHECKING:
    from eventwatch.resolve.kb import KnowledgeBase

ABSORB_BLOCK = frozenset({"conj", "parataxis", "advcl", "cc", "punct"})
HISTORICAL_DAYS = 240
CIVILIAN_HINTS = ("civilian", "protester", "resident", "refugee", "displaced")
TERMINAL = (".", "!", "?", "”", '"', ":", ";", "’", "'", ")")
STOP_VERBS = frozenset({"stop", "halt", "suspend", "cease", "end", "interrupt"})
RESUME_VERBS = frozenset({"resume", "restart", "continue"})


@dataclass(slots=True)
class _Cand:
    trigger: Trigger
    plover: str
    mode: str | None
    strong: bool
    seg: SpacySpan
    actor1: list[ActorMention]
    actor2: list[ActorMention]
    status: str
    status_cue: Span | None
    source: str | None
    source_span: Span | None
    when: TimeMention | None
    where: list[PlaceMention]
    quantities: list[Quantity] = field(default_factory=list)
    confidence: float = 0.5
    sent_no: int = 0
    definite: bool = False
    formal: bool = False
    detail: bool = False  # a verb reporting a detail of an already reported event ("killed 30 in the fighting")
    extra_triggers: list[Token] = field(default_factory=list)
    restates: bool = False  # "these areas were liberated": summarises the preceding same-type events
    evidenced: bool = False  # the ASSAULT mode comes from a weapon word (modes.py)
    source_anaphor: bool = False  # the source is a bare "the monitor" / "a source" (see _resolve_source_anaphors)


def _segments(doc: Doc) -> list[SpacySpan]:
    """Sentences, further split at line breaks (headings and list items are their own units)."""
    out: list[SpacySpan] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text or (tok.is_space and "\n" in tok.text_with_ws):
                if tok.i > start:
                    out.append(doc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if any(not t.is_space for t in s)]


def _is_heading(seg: SpacySpan, full_text: str) -> bool:
    text = seg.text.strip()
    before = full_text[: seg.start_char].rstrip(" \t")
    after = full_text[seg.end_char :].lstrip(" \t")
    whole_line = (not before or before.endswith("\n")) and (not after or after.startswith("\n"))
    if not whole_line:
        return False
    if text.endswith((*TERMINAL[:3], "”", '"')):
        return False
    return len(text.split()) <= 20


WORD = re.compile(r"[^\W\d_]+")


def _words(text: str | None) -> set[str]:
    return {w.lower() for w in WORD.findall(text or "")}


def _restates_headline(text: str, headlines: list[set[str]]) -> bool:
    """A sentence that repeats a headline (web copy often prints the title again after the
    dateline: "Sun 16 Apr 2017 Death toll from Aleppo bomb attack at least 112.") reports no
    event of its own: the body tells it."""
    words = _words(text)
    if not words or len(words) > 30:
        return False
    return any(len(h) >= 4 and len(words & h) >= 0.7 * len(words) and len(words & h) >= 0.8 * len(h) for h in headlines)


def _path_up(tok: Token, seg: SpacySpan, limit: int = 10) -> Iterator[tuple[Token, str]]:
    """Yield (ancestor, dep of the edge below it) within the segment."""
    cur = tok
    for _ in range(limit):
        h = cur.head
        if h is cur or h.i < seg.start or h.i >= seg.end:
            return
        yield h, cur.dep_
        cur = h


DOER_TARGET_TYPES = frozenset({"DISAPPROVE", "SANCTION", "INVESTIGATE"})
ANAPHORIC_PREPS = frozenset({"in", "during", "after", "since"})
ACCUSED_TYPES = frozenset({"ASSAULT", "CRIME", "COERCE", "MOBILIZE"})
GENERIC_FORCE_NOUNS = frozenset({"fighter", "force", "troop", "soldier", "militant", "man", "member", "unit",
                                 "gunman", "militiaman", "jet", "warplane", "aircraft", "drone", "police"})


ADJUNCT_PREPS = frozenset({"amid", "amidst", "during", "after", "before", "despite", "since", "following",
                           "until", "throughout", "besides"})
DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})
# modifiers that make a definite event noun a new report, not an anaphor ("the renewed shelling")
NEW_EVENT_MODIFIERS = frozenset({"new", "fresh", "renewed", "further", "another", "continuous", "continued",
                                 "ongoing", "mutual", "latest", "second", "third", "subsequent", "repeated",
                                 "recent", "current", "upcoming", "future"})
INFORMANT_NOUNS = frozenset({"source", "official", "resident", "activist", "witness", "observer", "eyewitness"})
# nouns by which a text refers back to a source it has named ("the monitor", "the group")
SOURCE_ANAPHORS = frozenset({"monitor", "group", "source", "release", "statement", "agency", "observatory",
                             "ministry", "organization", "organisation", "network", "media", "outlet"})


REPORTER_ACTOR_TYPES = frozenset({"media", "media_monitor", "ngo", "international_org"})


def _source_anaphor(tok: Token) -> bool:
    """A bare source noun ("the monitoring group", "a monitor", "sources") refers to a source
    the text names elsewhere; a described one ("Syrian military sources") is its own."""
    return tok.lemma_.lower() in SOURCE_ANAPHORS and all(
        c.dep_ in ("det", "punct") or (c.dep_ in ("compound", "amod") and c.pos_ not in ("PROPN", "ADJ"))
        for c in tok.children
    )


def _resolve_source_anaphors(final: list[_Cand], actors: list[ActorMention], kb: KnowledgeBase | None) -> None:
    """Bare source nouns take the nearest source the document names (before or after:
    "... a monitor said. ... the Syrian Observatory for Human Rights said"): a named speaker
    of another report, or a monitor, news medium, NGO or international organisation named."""
    named = [(c.source_span.start, c.source) for c in final
             if c.source and c.source_span is not None and not c.source_anaphor and _named_source(c.source, kb)]
    named += [(m.span.start, m.name) for m in actors
              if kb is not None and m.actor_id and getattr(kb.get(m.actor_id), "type", None) in REPORTER_ACTOR_TYPES]
    if not named:
        return
    for c in final:
        if c.source_anaphor and c.source_span is not None:
            pos = c.source_span.start
            c.source = min(named, key=lambda n: abs(n[0] - pos))[1]


SOURCE_CARRY = 1  # sentences a source's report runs on without a new reporting clause


def _continue_sources(final: list[_Cand]) -> None:
    """A report told on in the next sentence without a reporting clause of its own ("The
    Observatory said 12 were killed in Idlib. Another 40 died in Deir Ezzor.") is still the
    source's."""
    last: _Cand | None = None
    for c in sorted(final, key=lambda x: x.sent_no):
        if c.source is None and last is not None and last.source and 0 < c.sent_no - last.sent_no <= SOURCE_CARRY:
            c.source, c.source_span = last.source, last.source_span
        if c.source:
            last = c


def _named_source(name: str, kb: KnowledgeBase | None) -> bool:
    return kb is not None and bool(kb.lookup(name))
COMPLIANCE_VERBS = frozenset({"abide", "comply", "adhere", "honour", "honor", "respect", "observe"})
NONCOMMUNICATIVE_FRAMES = frozenset({"AID", "SANCTION", "COERCE", "INVESTIGATE", "CONSULT", "CONCEDE"})


def _absorbed(tr: Trigger, by_tok: dict[int, Trigger], seg: SpacySpan) -> Trigger | None:
    """The trigger that frames ``tr`` (so ``tr`` is not an event of its own), else None."""
    if tr.kind == "noun" and _own_clause(tr.token):
        return None
    if (host := _with_elaboration(tr, by_tok)) is not None:
        return host
    for hops, (anc, dep) in enumerate(_path_up(tr.token, seg), 1):
        if dep in ABSORB_BLOCK:
            return None
        if dep in ("ccomp", "xcomp") and anc.lemma_ == "be":
            # "our expectation is that X will ...": the clause is the framing noun's content
            subj = next((c for c in anc.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i in by_tok and by_tok[subj.i].plover in FRAMING_TYPES and subj.i != tr.token.i:
                return by_tok[subj.i]
        other = by_tok.get(anc.i)
        if other is not None and other is not tr:
            if dep == "ccomp" and other.plover in NONCOMMUNICATIVE_FRAMES:
                return None  # "X is supported by Y" does not frame a clause ("...; however, X is supported")
            if other.plover in FRAMING_TYPES:
                # "accused X of shelling Y": the accusation and the alleged act are both reported
                if other.token.lemma_.lower() in ACCUSE and tr.plover in ACCUSED_TYPES:
                    return None
                return other
            # event nouns that are arguments of another trigger ("attacks on patrols"); not those in
            # adjuncts ("flights ... amid the bombardment of X" reports two events)
            if tr.kind == "noun" and hops <= 2 and tr.token.dep_ in ("pobj", "dobj", "nsubjpass"):
                if tr.token.dep_ == "pobj" and tr.token.head.lower_ in ADJUNCT_PREPS and tr.plover != other.plover:
                    return None
                return other
            if tr.plover == other.plover and other.kind == "noun" and tr.token.dep_ in ("relcl", "acl"):
                return other
    return None


def _with_elaboration(tr: Trigger, by_tok: dict[int, Trigger]) -> Trigger | None:
    """'X came under attack ..., with rockets targeting the patrols': a "with" + participle clause
    describes the means of the same-type event noun its verb governs, not another event."""
    t = tr.token
    if tr.kind == "noun" or t.dep_ != "pcomp" or t.head.lower_ != "with" or t.tag_ != "VBG":
        return None
    verb = t.head.head
    for c in verb.children:
        nouns = [c] if c.dep_ in ("dobj", "nsubjpass") else _pobjs(c) if c.dep_ == "prep" and c.i != t.head.i else []
        for n in nouns:
            host = by_tok.get(n.i)
            if host is not None and host.kind == "noun" and host.plover == tr.plover:
                return host
    return None


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _own_clause(n: Token) -> bool:
    """An event noun with a support verb and subject of its own ("with the army increasing attacks
    on X", parsed as a gerund modifying the noun, its subject under the gerund or the noun) is its
    own report, not an argument of another trigger."""
    for c in n.children:
        if c.dep_ not in ("amod", "acl") or c.tag_ != "VBG":
            continue
        if any(s.dep_ == "nsubj" for s in c.children):
            return True
        if any(s.dep_ in ("nmod", "compound", "poss") and s.i < c.i for s in n.children):
            return True  # "X increasing attacks": the doer parsed as the noun's modifier
    return False


# edges that stay inside the content of an agreement ("agreed on a ceasefire to establish ...
# and joint patrols", "an agreement that stipulated a truce, ... and joint patrols")
CONTENT_EDGES = frozenset({"conj", "appos", "pobj", "prep", "dobj", "acl", "relcl", "xcomp", "compound", "nmod"})


def _infinitive(v: Token) -> bool:
    return v.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def _agreement_content(tr: Trigger, by_tok: dict[int, Trigger], seg: SpacySpan) -> Trigger | None:
    """The AGREE trigger whose stipulated content contains event noun ``tr`` (the patrols,
    withdrawals or exchanges an agreement provides for are not reported as having happened);
    not through adjuncts ("agreed on a truce after weeks of fighting")."""
    if tr.kind != "noun" or tr.plover == "AGREE":
        return None
    below = tr.token
    for anc, dep in _path_up(tr.token, seg, 8):
        if anc.pos_ == "ADP" and anc.lower_ in ADJUNCT_PREPS:
            return None
        if dep not in CONTENT_EDGES and not (dep in ("nsubj", "advcl") and _infinitive(anc if dep == "nsubj" else below)):
            return None  # "..., with joint patrols to begin on May 1": an infinitival stipulation
        below = anc
        other = by_tok.get(anc.i)
        if other is not None and other.plover == "AGREE":
            return other
    return None


def _generic_noun(t: Token, seg: SpacySpan) -> bool:
    """Event nouns in non-event statements: copular definitions ("X is part of the truce
    agreement"), negated predicates ("joint patrols are not working"), "under the agreement"."""
    if t.dep_ == "pobj" and t.head.lower_ in ("under", "without", "of") and t.head.head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
        if t.head.lower_ == "under" and _undergone(t):
            return False
        if t.head.lower_ != "of" or t.head.head.lemma_.lower() in ("part", "point", "goal", "role", "result"):
            return True
    for anc, dep in _path_up(t, seg, 6):
        if anc.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "neg" for c in anc.children) and dep in ("nsubj", "nsubjpass"):
                return True
            if anc.lemma_ == "be" and dep in ("attr", "nsubj", "acomp") and not any(c.dep_ == "expl" for c in anc.children):
                return dep == "attr" or any(c.dep_ == "attr" for c in anc.children)
            return False
    return False


def _undergone(t: Token) -> bool:
    """'came under attack (from X)', 'was under heavy shelling': a bare event noun after "under"
    names an event the subject undergoes, unlike "under the agreement" (a determiner or possessor)."""
    return not any(c.dep_ in ("det", "poss") for c in t.children)


def _formal(t: Token) -> bool:
    """A formal agreement: an agreement word in the trigger's phrase ("signed a truce", "reached
    an agreement"), or on the noun an agreeing participle modifies ("a de-escalation zone agreed
    upon by X and Y")."""
    words = {c.lemma_.lower() for c in t.subtree if c.i - t.i < 6}
    h = t.head
    if t.dep_ in ("acl", "relcl", "amod") and h.pos_ in ("NOUN", "PROPN"):
        start = min([c.i for c in h.children if c.dep_ in ("compound", "amod") and c.i < h.i] + [h.i])
        words.update(t.doc[start : h.i + 1].text.lower().split())  # keeps "de-escalation" whole
    return not words.isdisjoint(FORMAL_AGREEMENT_WORDS)


def _complied_with(tr: Trigger, seg: SpacySpan) -> bool:
    """An agreement noun that is what someone abides by / complies with / respects refers to an
    existing agreement ("has not abided by the Sochi agreement"): no new agreement."""
    if tr.kind != "noun" or tr.plover != "AGREE":
        return False
    return any(anc.lemma_.lower() in COMPLIANCE_VERBS for anc, _ in _path_up(tr.token, seg, 4))


def _readied_for(t: Token, seg: SpacySpan) -> bool:
    """Event noun ``t`` is what forces get ready for ("preparing for the battle", "ready for an
    offensive"): a mobilisation. The prepared thing itself ("preparation of an attack", "prepared
    an attack") is the attack, planned."""
    below = t
    for anc, _ in _path_up(t, seg, 3):
        if anc.lemma_.lower() in ("prepare", "preparation", "ready", "mobilize"):
            return below.pos_ == "ADP" and below.lower_ in ("for", "to")
        below = anc
    return False


def _retype(tr: Trigger, seg: SpacySpan, lex: Lexicon, by_tok: dict[int, Trigger]) -> tuple[str, str | None, bool, bool]:
    """Context re-typing: preparing for battle -> MOBILIZE; ultimatum -> THREATEN; agreeing under
    pressure -> CONCEDE; territory verbs need a territory argument; weapon words fix ASSAULT modes
    (``modes.assault_mode``). Returns (plover, mode, strong, evidenced)."""
    plover, mode, strong = tr.plover, tr.type.mode, tr.type.strong
    t = tr.token
    if plover == "ASSAULT" and tr.kind == "noun" and _readied_for(t, seg):
        return "MOBILIZE", "troops", False, False
    if plover == "DEMAND":
        seen_or = False
        for tok in seg.doc[t.i + 1 : seg.end]:
            if tok.lower_ == "or" or tok.lower_ == "otherwise":
                seen_or = True
            elif seen_or and tok.lower_ in ("will", "would", "'ll", "shall"):
                return "THREATEN", "ultimatum", False, False
    if plover == "AGREE":
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("after", "under", "following") and any(
                    p.lemma_.lower() in ("pressure", "threat", "coercion") for p in c.subtree):
                return "CONCEDE", None, False, False
    if plover == "ASSAULT" and mode == "territory" and tr.kind != "noun":
        ok = False
        for c in t.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                for s in c.subtree:
                    if s.ent_type_ in ("GPE", "LOC", "FAC") or s.lemma_.lower() in lex.territory_nouns:
                        ok = True
                        break
        if not ok or proportion_object(t):
            return "", None, False, False
    if plover == "ASSAULT" and not strong:
        mode, evidenced = assault_mode(
            t, tr.kind, mode, seg, lex.weapon_context, [x.token for x in by_tok.values() if seg.start <= x.token.i < seg.end]
        )
        return plover, mode, False, evidenced
    return plover, mode, strong, False


def _linked(a: Token, b: Token) -> bool:
    """Verb ``b`` is a direct clausal dependent of verb ``a`` (coordination, participle, xcomp)."""
    return b.head.i == a.i and b.dep_ in ("conj", "advcl", "xcomp", "dep", "ccomp")


REFERENT_WINDOW = 4  # sentences back to the event a definite framed noun refers to


def _referent_target(t: Token, plover: str, subs: list[Trigger], a1: list[ActorMention],
                     cands: list[_Cand], seg_cands: list[_Cand], sent_no: int) -> list[ActorMention]:
    """The actor1 of the earlier event that a definite framed event noun ("the bombing", "the
    accusation", "this attack") refers back to, when that noun names no actor itself."""
    for sub in subs:
        n = sub.token
        if sub.kind != "noun" or n.head.i != t.i or n.dep_ not in ("dobj", "nsubjpass", "pobj"):
            continue
        if not any(d.dep_ == "det" and d.lower_ in ("the", "this", "that", "these", "those") for d in n.children):
            continue
        for m in reversed(cands + seg_cands):
            if sent_no - m.sent_no > REFERENT_WINDOW:
                break
            if m.plover == sub.plover and m.actor1 and not (_names(m.actor1) & _names(a1)):
                return list(m.actor1)
    return []


def _resultative_leave(b: Token) -> Token | None:
    """The "leave" of a resultative "left two soldiers injured" / "leaving three dead" whose
    result is verb ``b`` (as the small model parses it: a complement of "leave", or a participle
    on its object)."""
    h = b.head
    if h.lemma_ == "leave" and b.dep_ in ("ccomp", "xcomp", "oprd", "acomp"):
        return h
    if b.dep_ == "acl" and h.dep_ == "dobj" and h.head.lemma_ == "leave":
        return h.head
    return None


def _same_event_link(m: _Cand, c: _Cand) -> bool:
    """Two same-type triggers of a sentence can report one event: not when both state different
    means ("airstrikes ... over a chemical attack"), and two verbs only when one is a clausal
    dependent of the other ("fought and killed 12"), not independent clauses ("X amassed troops,
    and Y countered by sending in vehicles")."""
    if m.strong and c.strong and m.mode and c.mode and m.mode != c.mode:
        return False
    a, b = m.trigger.token, c.trigger.token
    if m.trigger.kind != "noun" and c.trigger.kind != "noun":
        if b.tag_ == "VBG" and b.dep_ == "advcl" and b.i > a.i:
            return True  # "..., killing nine civilians": a result participle of the preceding event
        leave = _resultative_leave(b)
        if leave is not None and b.i > a.i and (leave.i == a.i or (leave.head.i == a.i and leave.dep_ in ("conj", "advcl"))):
            return True  # "a convoy was damaged and left two servicemen injured": the result
        return _linked(a, b) or _linked(b, a) or (_names(m.actor1) & _names(c.actor1) != set())
    if m.trigger.kind == "noun" and c.trigger.kind == "noun" and a.lemma_ != b.lemma_:
        # "stressed the build-ups of X ..., and sources confirmed the arrival of Y": different
        # nominals governed by different verbs are different reports
        ga, gb = governing_verb(a, m.seg)[0], governing_verb(b, c.seg)[0]
        if ga is not None and gb is not None and ga.i != gb.i and m.actor1 and c.actor1:
            return bool(_names(m.actor1) & _names(c.actor1))
    return True


def _demonstrative_argument(v: Token) -> bool:
    """The verb's object / passive subject is a plural demonstrative NP ("these areas", "most of
    those villages"): the clause restates events already reported."""
    for c in v.children:
        if c.dep_ not in ("dobj", "nsubjpass"):
            continue
        heads = [c] + [p for pr in c.children if pr.dep_ == "prep" and pr.lower_ == "of" for p in pr.children if p.dep_ == "pobj"]
        for h in heads:
            if any(d.dep_ == "det" and d.lower_ in ("these", "those") for d in h.children):
                return True
    return False


def _names(ms: list[ActorMention]) -> set[str]:
    return {m.name for m in ms}


def _compatible(a: list[ActorMention], b: list[ActorMention]) -> bool:
    na, nb = _names(a), _names(b)
    return not na or not nb or na <= nb or nb <= na


def _same_time(a: TimeMention | None, b: TimeMention | None) -> bool:
    if a is None or b is None:
        return True
    return a.date == b.date


def _parse_date(s: str | None) -> date | None:
    if not s:
        return None
    try:
        parts = [int(p) for p in s.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return date(parts[0], parts[1], parts[2])
    except (ValueError, TypeError):
        return None


def _source_name(tok: Token, idx: ActorIndex, last_source: str | None) -> tuple[str | None, Span | None, bool]:
    """(name, evidence span, named?) for the token naming who says so."""
    ms = actors_in(tok, idx)
    if tok.lemma_.lower() in INFORMANT_NOUNS:
        # "informed Syrian military sources", "Ukrainian officials": unnamed informants are cited as
        # described, not as the organisation they belong to or come from
        text, span = phrase_text(tok)
        return text, span, False
    if ms:
        # the mention covering the head ("Foreign Ministry spokeswoman Maria Zakharova"), persons first
        head = idx.at(tok)
        m = next((x for x in head if x.person), None) or next((x for x in ms if x.person), None)
        m = m or (head[0] if head else ms[0])
        return (m.person or m.name), m.span, True
    if tok.lower_ in PRONOUNS or tok.pos_ == "PRON":
        return last_source, token_span(tok), False
    text, span = phrase_text(tok)
    if not text or len(text) < 3:
        return None, None, False
    return text, span, False


def _noncompliance_accuser(t: Token, plover: str, st: StatusResult, idx: ActorIndex) -> list[ActorMention]:
    """The speaker's actors when a reported clause says someone did not comply with an
    agreement ("Kigali said Kinshasa has not abided by the truce"): an accusation by the
    speaker, not a denied agreement."""
    if plover not in ("AGREE", "CONCEDE") or t.lemma_.lower() not in COMPLIANCE_VERBS:
        return []
    if not (st.negated and st.reported) or st.source_tok is None:
        return []
    out: list[ActorMention] = []
    for m in actors_in(st.source_tok, idx):
        if m.actor_id and m.name not in _names(out):
            out.append(m)
    return out


def _quote_attribution(st: StatusResult, seg: SpacySpan, quotes: list[tuple[int, int, Token]]) -> None:
    """A sentence inside a quotation whose reporting clause is in another sentence ('"We will
    act. ...," the President said.') is reported speech of that clause's speaker."""
    for start, end, speaker in quotes:
        if start <= seg.start_char and seg.end_char <= end + 1 and not (speaker.sent.start <= seg.start < speaker.sent.end):
            st.source_tok, st.reported, st.distancing = speaker, True, True
            return


def _partisan_speaker(ms: list[ActorMention], kb: KnowledgeBase | None) -> bool:
    """Whether a report comes from a party to the conflict (a state, its forces, an armed
    group) by the speaker's type in the knowledge base: the text passes such reports on as
    their claims.  Monitors, news media, NGOs, international organisations and unnamed
    informants ("local officials", "activists") are reported as telling what happened: on
    real news (fakes40) coding their reports as claims cost more than it gained."""
    kinds = {getattr(kb.get(m.actor_id), "type", None) for m in ms if kb is not None and m.actor_id}
    kinds.discard(None)
    return bool(kinds) and not (kinds & WITNESS_ACTOR_TYPES)


def _is_government(ms: list[ActorMention], kb: KnowledgeBase | None) -> bool | None:
    if not ms:
        return None
    for m in ms:
        if kb is not None and m.actor_id:
            a = kb.get(m.actor_id)
            if a is not None and getattr(a, "type", None):
                if a.type in GOVERNMENT_ACTOR_TYPES:
                    return True
                continue
        low = m.name.lower()
        if any(w in low for w in ("army", "armed forces", "government", "military", "police", "forces")) and not any(
                w in low for w in ("national army (libya)", "libyan national", "free syrian", "syrian national army")):
            return True
    return False


def extract_events(doc: Doc, analysis: DocumentAnalysis, kb: KnowledgeBase | None = None) -> list[EventReport]:
    """Event reports stated in one parsed document (see module docstring)."""
    lex = load_lexicon()
    document = analysis.document
    # unresolved "actor" spans that are places ("seized Wad Madani") are not actors
    place_starts = {p.span.start for p in analysis.places}
    actors = [m for m in analysis.actors if m.actor_id or m.span.start not in place_starts]
    idx = ActorIndex(doc, actors, kb)
    published = document.published
    cands: list[_Cand] = []
    last_source: str | None = None
    last_actor1: list[ActorMention] = []
    text = doc_text(doc)
    quotes = quoted_speakers(doc, text)
    headlines: list[set[str]] = [_words(document.title)] if document.title else []
    sents = _Sentences(doc, text)
    for sent_no, seg in enumerate(_segments(doc)):
        if _is_heading(seg, text):
            headlines.append(_words(seg.text))
            continue
        if _restates_headline(seg.text, headlines):
            continue
        trigs = find_triggers(seg, lex, use_cameo=False)
        if not any(tr.token.i == seg.root.i for tr in trigs):
            trigs += _model_triggers(seg, analysis, sents)
        if not trigs:
            _attach_trailing_toll(seg, cands, text)
            root_subj = next((c for c in seg.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if root_subj is not None and (ms := actors_in(root_subj, idx)):
                last_actor1 = ms
            continue
        by_tok = {tr.token.i: tr for tr in trigs}
        framed: dict[int, list[Trigger]] = {}
        keep = []
        for tr in trigs:
            fr = _absorbed(tr, by_tok, seg) or _agreement_content(tr, by_tok, seg)
            if fr is not None:
                framed.setdefault(fr.token.i, []).append(tr)
            elif not _complied_with(tr, seg):
                keep.append(tr)
        if not keep:
            continue
        idx.event_nouns = {tr.token.i for tr in keep if tr.kind == "noun"}
        quants = sentence_quantities(seg)
        seg_cands: list[_Cand] = []
        seg_has_time = any(seg.start_char <= tm.span.start < seg.end_char for tm in analysis.times)
        seg_has_place = any(seg.start_char <= p.span.start < seg.end_char for p in analysis.places)
        time_starts = {tm.span.start for tm in analysis.times if seg.start_char <= tm.span.start < seg.end_char}
        for tr in keep:
            t = tr.token
            if t.ent_type_ in ("ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW") and t.pos_ == "PROPN":
                continue  # part of a name ("National Front for Liberation")
            if tr.kind == "noun" and _generic_noun(t, seg):
                continue
            # non-event filter (genericity.py): attributive use, unasserted complements, irrealis
            if attributive(t, tr.kind) or negated_evidence(t, seg) or negated_condition(t, seg) or cumulative_toll(t):
                continue
            if tr.kind == "noun":
                gv, _ = governing_verb(t, seg)
                if gv is not None and gv.i not in by_tok and irrealis_infinitive(gv):
                    continue
            elif irrealis_infinitive(t):
                continue
            plover, mode, strong, evidenced = _retype(tr, seg, lex, by_tok)
            if not plover:
                continue
            if not strong:
                # "killed in clashes": an absorbed same-type noun states the means
                sub = next((x for x in framed.get(t.i, []) if x.plover == plover and x.type.strong), None)
                if sub is not None:
                    mode, strong = sub.type.mode, True
            if generic_present(t, tr.kind, plover, seg, seg_has_time):
                continue
            a1, a2, _how = roles_for(tr, idx, plover)
            if not a2 and plover in FRAMING_TYPES:
                # "warned of more attacks on X": the target of the framed act; "condemned the
                # shelling by X", "sanctioned X's attacks": its doer
                for sub in framed.get(t.i, []):
                    sub_a1, sub_a2, _ = roles_for(sub, idx, sub.plover)
                    pick = sub_a1 if plover in DOER_TARGET_TYPES else sub_a2
                    a2 = [m for m in pick if m.name not in _names(a1)]
                    if a2:
                        break
                if not a2:
                    # "The AU condemned the bombing.", "Kigali rejected the accusation.": a definite
                    # framed event noun names an event reported before; its doer (or, for responses,
                    # its maker) is the target
                    a2 = _referent_target(t, plover, framed.get(t.i, []), a1, cands, seg_cands, sent_no)
            if plover == "DEMAND" and tr.kind == "noun" and not a2:
                # "our expectation is that X will ...": X is the one the demand is made on
                comp = clausal_complement(t)
                subj = next((c for c in comp.children if c.dep_ == "nsubj"), None) if comp is not None else None
                a2 = [m for m in actors_in(subj, idx) if m.name not in _names(a1)]
            poss_pron = tr.kind == "noun" and any(
                c.dep_ == "poss" and c.lower_ in ("our", "my", "its", "their", "his", "her") for c in t.children
            )
            if tr.kind == "noun" and not a1 and not a2 and not seg_has_time and not seg_has_place and not poss_pron:
                continue  # "security threats", "the fighting of terrorism": no argument, no anchor
            if not a1 and not a2 and in_condition(t):
                continue  # "the role of X if the battle breaks out": a condition, not an event
            if background_relative(t, tr.kind, bool(a1 or a2), time_starts) or pluperfect_background(t, tr.kind, time_starts):
                continue
            # aspectual verbs ("patrols which stopped", "patrols resumed"): actors of the event noun
            if tr.kind == "verb" and not a1 and t.lemma_.lower() in STOP_VERBS | RESUME_VERBS:
                subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and t.dep_ == "relcl":
                    subj = t.head
                if subj is not None and subj.i in by_tok and by_tok[subj.i].kind == "noun":
                    a1, a2b, _ = roles_for(by_tok[subj.i], idx, by_tok[subj.i].plover)
                    a2 = a2 or a2b
            st = status_for(t, seg, plover)
            if st.source_tok is None:
                _quote_attribution(st, seg, quotes)
            if tr.kind == "verb_object" and t.lemma_.lower() in lex.future_only:
                # "we are going to take our own actions": a declared future act is a threat
                if status_for(t, seg, "MOBILIZE").status not in ("planned", "threatened", "hypothetical"):
                    continue
                st.status = "threatened"
            if poss_pron and not a1:
                # "our expectation is that ...", the President said: the speaker
                speaker = actors_in(st.source_tok, idx) if st.source_tok is not None else []
                a1 = [m for m in speaker if m.actor_id] or (list(last_actor1) if plover in VERBAL_TYPES else [])
                a2 = [m for m in a2 if m.name not in _names(a1)]
            # unresolved personal pronoun subject: the last sentence subject that was an actor;
            # "their fighters" / "its forces": the speaker reporting it, else that last subject
            if not a1 and tr.kind != "noun":
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if subj is None:
                    vs, passive = verb_subject(t)  # "we are going to take ...": the controller
                    subj = vs if not passive else None
                if subj is not None and subj.lower_ in ("they", "he", "she", "it", "we") and not idx.at(subj):
                    # "X said it launched ...": the speaker of the reporting clause
                    speaker = actors_in(st.source_tok, idx) if st.source_tok is not None else []
                    speaker = [m for m in speaker if m.actor_id]
                    a1 = speaker if speaker and st.reported else list(last_actor1)
                    a2 = [m for m in a2 if m.name not in _names(a1)]
                elif (
                    subj is not None
                    and not idx.at(subj)
                    and subj.lemma_.lower() in GENERIC_FORCE_NOUNS
                    and any(c.dep_ == "poss" and c.lower_ in ("their", "its", "his", "our") for c in subj.children)
                ):
                    speaker = actors_in(st.source_tok, idx) if st.source_tok is not None else []
                    a1 = [m for m in speaker if m.actor_id] or list(last_actor1)
                    a2 = [m for m in a2 if m.name not in _names(a1)]
            accuser = _noncompliance_accuser(t, plover, st, idx)
            if accuser:
                # "X said Y has not abided by the truce": X accuses Y
                plover, mode, st.status, st.negated = "DISAPPROVE", None, "occurred", False
                subj = verb_subject(t)[0]
                accused = actors_in(subj, idx) if subj is not None else a1
                a1, a2 = accuser, [m for m in accused if m.name not in _names(accuser)]
            # cameo-derived verbs only with both arguments (precision)
            if tr.type.source == "cameo" and not (a1 and a2):
                continue
            if st.status == "negated":
                continue
            status = st.status
            source = None
            source_span = None
            source_anaphor = False
            if st.source_tok is not None:
                source, source_span, named = _source_name(st.source_tok, idx, last_source)
                source_anaphor = not named and _source_anaphor(st.source_tok)
                if named and source:
                    last_source = source
                src_ms = actors_in(st.source_tok, idx)
                self_report = bool(src_ms) and bool(_names(src_ms) & _names(a1))
                # "we value ...", "I call on ...": a first-person subject is the speaker's own act
                fp_subj = verb_subject(t)[0] if tr.kind != "noun" else None
                if fp_subj is not None and fp_subj.lower_ in ("we", "i"):
                    self_report = True
                if status == "occurred" and not self_report and (
                        st.distancing or _partisan_speaker(src_ms, kb)):
                    status = "claimed"
                if status == "threatened" and st.distancing and not self_report and plover == "THREATEN":
                    status = "claimed"
            elif st.reported and st.distancing and status == "occurred":
                status = "claimed"
            # time and place
            when = event_time(doc, seg, t, analysis.times, analysis.document, status)
            where = event_location(doc, seg, t, analysis.places, plover)
            if status in ("occurred", "claimed") and when is not None and published is not None:
                d = _parse_date(when.date)
                if d is not None and (published - d).days > HISTORICAL_DAYS:
                    status = "historical"
            # anaphoric event nouns: "the attack", "this shelling" (not "its attacks": a possessor
            # stepping up its attacks reports new ones)
            definite = tr.kind == "noun" and any(
                c.dep_ == "det" and c.lower_ in DEFINITE_DETS for c in t.children
            ) and t.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and not any(
                c.dep_ in ("amod", "advmod") and c.lemma_.lower() in NEW_EVENT_MODIFIERS for c in t.children
            )
            detail = restates = False
            if tr.kind != "noun" and not definite:
                # "the shelling destroyed a vehicle": a verb whose subject is a definite event noun
                # reports a detail of that event
                subj = next((c for c in t.children if c.dep_ in ("nsubj",)), None)
                if subj is not None and subj.i in by_tok and by_tok[subj.i].kind == "noun" \
                        and any(d.dep_ == "det" and d.lower_ in DEFINITE_DETS for d in subj.children):
                    definite = detail = True
                # "most of these areas were liberated": a demonstrative argument restates earlier events
                if not definite and _demonstrative_argument(t):
                    definite = detail = restates = True
                # "the army said it killed 30 assailants in the fighting": a detail of an event
                # already reported
                for child in t.children:
                    if child.dep_ == "prep" and child.lower_ in ANAPHORIC_PREPS:
                        for p in child.children:
                            if p.dep_ == "pobj" and p.i in by_tok and by_tok[p.i].kind == "noun" \
                                    and any(d.dep_ == "det" and d.lower_ in ("the", "this", "that") for d in p.children):
                                definite = detail = True
            formal = _formal(t)
            conf = (0.65 if tr.type.source == "curated" else 0.4) + (0.1 if tr.kind != "noun" else 0.0)
            conf += 0.1 * bool(a1) + 0.05 * bool(a2) + 0.05 * bool(when) + 0.05 * bool(where)
            cand = _Cand(
                trigger=tr, plover=plover, mode=mode, strong=strong, seg=seg, actor1=a1, actor2=a2,
                status=status, status_cue=token_span(st.cue), source=source, source_span=source_span,
                when=when, where=where, confidence=min(conf, 0.99), sent_no=sent_no, definite=definite,
                formal=formal, detail=detail, restates=restates, evidenced=evidenced,
                source_anaphor=source_anaphor,
            )
            seg_cands.append(cand)
        # quantities: attach to the event whose trigger governs (or is nearest to) the counted noun
        for noun, q in quants:
            if not seg_cands:
                break
            best = None
            # the nearest governing trigger ("bombed a camp killing five women": killing, not bombed)
            anc = [a.i for a, _ in _path_up(noun, seg, 8)]
            for c in sorted(seg_cands, key=lambda c: anc.index(c.trigger.token.i)
                            if c.trigger.token.i in anc else len(anc)):
                if c.trigger.token.i in anc or noun.i in {a.i for a, _ in _path_up(c.trigger.token, seg, 4)}:
                    best = c
                    break
            if best is None:
                if q.kind in ("killed", "injured", "killed_or_injured"):
                    best = next((c for c in seg_cands if c.plover == "ASSAULT"), None)
                else:
                    best = min(seg_cands, key=lambda c: abs(c.trigger.token.i - noun.i))
            if best is not None:
                best.quantities.append(q)
        # within-sentence merge: same type, compatible actors, same time
        merged: list[_Cand] = []
        for c in seg_cands:
            for m in merged:
                if (
                    m.plover == c.plover
                    and _same_event_link(m, c)
                    and _compatible(m.actor1, c.actor1)
                    and _compatible(m.actor2, c.actor2)
                    and _same_time(m.when, c.when)
                ):
                    _merge(m, c)
                    break
            else:
                merged.append(c)
        cands.extend(merged)
        root_subj = next((c for c in seg.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if root_subj is not None and (ms := actors_in(root_subj, idx)):
            last_actor1 = ms
    # within-document merge: anaphoric definite event nouns ("the shelling destroyed ...")
    final: list[_Cand] = []
    for c in cands:
        target = None
        if c.definite:
            for m in reversed(final):
                if c.sent_no - m.sent_no > 3:
                    continue  # recency: the chain's latest mention (merges update ``sent_no``)
                if m.plover == c.plover:
                    target = m
                    break
        if target is not None and c.detail and target.plover == "ASSAULT" and c.actor1 and not target.actor2 \
                and not (_names(c.actor1) & _names(target.actor1)) and target.actor1:
            # "X attacked ... The army said it killed 30 assailants in the fighting": the other side
            target.actor2 = list(c.actor1)
        if target is not None and not c.detail and target.actor2 and c.actor2 and not _compatible(target.actor2, c.actor2):
            target = None  # a different target: a different event
        if target is not None and (
            _compatible(target.actor1, c.actor1)
            or (c.detail and c.actor1 and _names(c.actor1) <= _names(target.actor1) | _names(target.actor2))
        ):
            # "Al-Shabaab claimed the attack": fills the earlier report's missing arguments
            if not target.actor1:
                target.actor1 = list(c.actor1)
            if not target.actor2:
                target.actor2 = [m for m in c.actor2 if m.name not in _names(target.actor1)]
            if c.restates and c.actor2:
                # "most of these areas were liberated without resistance from X": X is the opponent in
                # each of the restated events of the same type and doer
                for m in final[-6:]:
                    if m.plover == c.plover and not m.actor2 and c.sent_no - m.sent_no <= 3 \
                            and _names(m.actor1) == _names(target.actor1):
                        m.actor2 = [x for x in c.actor2 if x.name not in _names(m.actor1)]
            target.quantities.extend(c.quantities)
            target.sent_no = max(target.sent_no, c.sent_no)
            if target.source is None and c.source:
                target.source, target.source_span = c.source, c.source_span
            continue
        final.append(c)
    _response_targets(final)
    inherit_modes(final, kb)
    _resolve_source_anaphors(final, actors, kb)
    _continue_sources(final)
    country = _document_country(analysis.places)
    return [_report(c, document.doc, kb, text, final, sents, country) for c in final]


RESPONSE_TYPES = frozenset({"AGREE", "REJECT", "CONCEDE"})
DEMAND_TYPES = frozenset({"DEMAND", "COERCE", "THREATEN"})


def _response_targets(final: list[_Cand], window: int = 5) -> None:
    """Responses without an addressee ("some factions accepted, others refused", "had agreed after
    the pressure") answer the most recent demand, pressure or threat in the discourse: its maker
    is the actor2. Agreements of two or more doers are bilateral, not responses (refusals and
    concessions by several parties still are)."""
    for i, c in enumerate(final):
        if c.plover not in RESPONSE_TYPES or c.actor2 or (c.plover == "AGREE" and len(_names(c.actor1)) > 1):
            continue
        for m in reversed(final[:i]):
            if c.sent_no - m.sent_no > window:
                break
            if m.plover not in DEMAND_TYPES or not m.actor1:
                continue
            if m.plover == "THREATEN" and not (_names(m.actor2) & _names(c.actor1)):
                continue  # a threat is pressure only on the side it threatens
            if _names(m.actor1) & _names(c.actor1):
                continue
            c.actor2 = list(m.actor1)
            break


def _attach_trailing_toll(seg: SpacySpan, cands: list[_Cand], text: str) -> None:
    """A sentence without an event that states casualties ("1 fatality.", "Two people were
    among the dead.") gives them to the latest violent event of the same paragraph."""
    quants = [q for _, q in sentence_quantities(seg) if q.kind in CASUALTY_KINDS]
    if not quants:
        return
    for c in reversed(cands):
        if "\n" in text[c.seg.end_char:seg.start_char]:
            return
        if c.plover == "ASSAULT":
            c.quantities.extend(quants)
            return


def _merge(m: _Cand, c: _Cand) -> None:
    for x in c.actor1:
        # a doer that is already the target is a misread victim ("..., leaving four soldiers wounded")
        if x.name not in _names(m.actor1) and x.name not in _names(m.actor2):
            m.actor1.append(x)
    for x in c.actor2:
        if x.name not in _names(m.actor2) and x.name not in _names(m.actor1):
            m.actor2.append(x)
    if c.strong and not m.strong:
        m.mode, m.strong = c.mode, True
    elif c.evidenced and not (m.strong or m.evidenced):
        m.mode, m.evidenced = c.mode, True
    if m.when is None:
        m.when = c.when
    for p in c.where:
        if all(p.name != q.name for q in m.where):
            m.where.append(p)
    m.quantities.extend(c.quantities)
    if m.source is None and c.source:
        m.source, m.source_span = c.source, c.source_span
    if m.status == "occurred" and c.status != "occurred":
        m.status, m.status_cue = c.status, c.status_cue
    m.formal = m.formal or c.formal
    m.confidence = max(m.confidence, c.confidence)
    m.extra_triggers.append(c.trigger.token)


FINITE_PAST_TAGS = frozenset({"VBD", "VBN"})


def _model_triggers(seg: SpacySpan, analysis: DocumentAnalysis, sents: _Sentences) -> list[Trigger]:
    """A dated sentence the trigger lexicon finds nothing in may still report an event the
    learned typer recognises ("Russian forces fired rocket artillery at X"): its main verb
    becomes the trigger, typed by the model; the role, status, time and place rules apply as
    to any trigger."""
    root = seg.root
    if root.pos_ != "VERB" or root.tag_ not in FINITE_PAST_TAGS:
        return []
    if not any(seg.start_char <= tm.span.start < seg.end_char for tm in analysis.times):
        return []
    guess = model_reading(root.lemma_.lower(), sents.context(seg))
    plover = default_plover(guess.acled) if guess is not None else None
    if guess is None or plover is None:
        return []
    return [Trigger(root, TriggerType(plover, None, False, "model"), "verb")]


class _Sentences:
    """The document's sentences, listed once, for the words around an event (the learned typer
    reads an event's sentence and the ones either side)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text  # doc.text rebuilds the string on every access
        self.sents = list(doc.sents)
        self.starts = [s.start for s in self.sents]

    def context(self, seg: SpacySpan) -> str:
        k = max(0, bisect_right(self.starts, seg.start) - 1)
        window = self.sents[max(0, k - 1) : k + 2]
        return self.text[window[0].start_char : window[-1].end_char] if window else seg.text


# Actors an ACLED type implies by definition: the crowd of a protest or riot is "Protesters
# (<country>)" / "Rioters (<country>)" whoever organised it (named groups are associated
# actors); violence against civilians targets "Civilians (<country>)"; excessive force
# against protesters targets the protesters.  Keys: ACLED type or "type/sub-type".
IMPLIED_ACTOR1 = {"Protests": "protesters", "Riots": "rioters"}
IMPLIED_ACTOR2 = {"Violence against civilians": "civilians", "Protests/Excessive force against protesters": "protesters"}


def _generic_mention(kind: str, c: _Cand, have: list[ActorMention], kb: KnowledgeBase,
                     country: str | None) -> list[ActorMention]:
    """The generic actor of ``kind`` ("civilians", "protesters"...) in the event's country (its
    place's, else the document's), evidenced by the trigger; nothing if ``have`` names it."""
    cc = next((p.country for p in c.where if p.country), None) or country
    actor = kb.generic_actor(kind, cc)
    if actor is None or any(m.actor_id == actor.id for m in have):
        return []
    t = c.trigger.token
    return [ActorMention(Span(t.idx, t.idx + len(t.text), t.text), actor.id, actor.name, how="event_type")]


def _implied_actor(table: dict[str, str], acled: tuple[str, str] | None, c: _Cand, have: list[ActorMention],
                   kb: KnowledgeBase | None, country: str | None) -> list[ActorMention]:
    kind = (table.get(f"{acled[0]}/{acled[1]}") or table.get(acled[0])) if acled else None
    if kind is None or kb is None:
        return []
    return _generic_mention(kind, c, have, kb, country)


# acts of force are coded to a state's armed forces ("Russia launched air strikes" -> Russian
# Armed Forces), statements and agreements to the state
FORCE_TYPES = frozenset({"ASSAULT"})


def _forces(plover: str, ms: list[ActorMention], kb: KnowledgeBase | None) -> list[ActorMention]:
    if plover not in FORCE_TYPES or kb is None:
        return ms
    out: list[ActorMention] = []
    for m in ms:
        a = kb.get(m.actor_id) if m.actor_id else None
        f = kb.forces_of(a) if a is not None and a.type == "state" else None
        if f is not None:
            m = ActorMention(m.span, f.id, f.name, how=m.how, person=m.person, confidence=m.confidence)
        if all(x.actor_id != m.actor_id or x.name != m.name for x in out):
            out.append(m)
    return out


@lru_cache(maxsize=1)
def _civilian_words() -> tuple[frozenset[str], frozenset[str]]:
    data = yaml.safe_load((resources.files("eventwatch.data") / "lexicons" / "civilian_targets.yaml").read_text(encoding="utf-8"))
    return frozenset(data["persons"]), frozenset(data["places"])


def _civilian_target(c: _Cand, have: list[ActorMention], kb: KnowledgeBase | None, country: str | None) -> list[ActorMention]:
    """An attack that names no target actor but kills or wounds people ("killing 17 people") or
    strikes a town, camp, market or home targets the civilians there: Civilians (<country>)."""
    if c.plover != "ASSAULT" or kb is None:
        return []
    persons, places = _civilian_words()
    hit = any(q.kind in CASUALTY_KINDS and q.span is not None and q.span.text.split()[-1].lower() in persons
              for q in c.quantities)
    t = c.trigger.token
    if not hit:
        objs = [x for x in t.children if x.dep_ in ("dobj", "nsubjpass")]
        objs += [p for x in t.children if x.dep_ == "prep" and x.lower_ in ("on", "at", "against")
                 for p in x.children if p.dep_ == "pobj"]
        hit = any(o.lower_ in places or o.lemma_.lower() in places for o in objs)
    return _generic_mention("civilians", c, have, kb, country) if hit else []


def _document_country(places: list[PlaceMention]) -> str | None:
    """The country most of the document's resolved places lie in."""
    counts: dict[str, int] = {}
    for p in places:
        if p.country:
            counts[p.country] = counts.get(p.country, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _report(c: _Cand, doc_id: str, kb: KnowledgeBase | None, text: str, final: list[_Cand], sents: _Sentences,
            country: str | None = None) -> EventReport:
    t = c.trigger.token
    # the clause stating this event when its sentence reports others too (quote.py)
    others = [o.trigger.token for o in final if o is not c and o.seg.start == c.seg.start]
    quote = event_quote(c.seg, [t, *c.extra_triggers], others, text)
    fatalities, injured = toll(c.quantities)
    civ_only = bool(c.actor2) and all(any(h in m.name.lower() for h in CIVILIAN_HINTS) for m in c.actor2)
    n_parties = len(_names(c.actor1) | _names(c.actor2))
    acled = acled_for(
        c.plover, c.mode, actor1_government=_is_government(c.actor1, kb), formal=c.formal,
        n_parties=n_parties, status=c.status, civilian_target_only=civ_only,
    )
    plover, acled = refine_type(c.plover, c.status, acled, sents.context(c.seg), learned=c.trigger.type.source == "model")
    actor1 = _implied_actor(IMPLIED_ACTOR1, acled, c, c.actor1, kb, country) + _forces(plover, c.actor1, kb)
    actor2 = c.actor2 or _implied_actor(IMPLIED_ACTOR2, acled, c, actor1, kb, country) or _civilian_target(c, actor1, kb, country)
    return EventReport(
        doc=doc_id, plover=plover, quote=quote, trigger=Span(t.idx, t.idx + len(t.text), t.text),
        mode=c.mode, acled=acled, actor1=actor1, actor2=actor2, where=c.where, when=c.when,
        status=c.status, status_cue=c.status_cue, source=c.source, source_span=c.source_span,
        fatalities=fatalities, injured=injured, quantities=c.quantities, confidence=c.confidence,
    )
