"""ASSAULT means (mode) from the evidence around the trigger, then from the actor.

Order (docs/ontology.md):

1. a mode the trigger itself states ("shelled", "air strikes", "clashes": ``strong``);
2. weapon / means words (``weapon_context``) in the trigger's own phrase and clause: its subtree,
   the clause of a verb trigger, the subject and instrument ("with"/"using"/"by") phrases of the
   support verb of an event noun ("warplanes carried out strikes", "attacked with rockets",
   "bombardment by ... warplanes");
3. weapon words elsewhere in the sentence that are not inside another trigger's phrase
   ("flights by warplanes amid the bombardment": the warplanes belong to the flights);
4. the trigger's own default mode ("bombardment" -> shelling, "strike" -> aerial, "raid" -> ground);
   unspecified attacks on patrols / convoys -> explosives (roadside devices);
5. after roles: an unspecified attack inherits the means the same doer (or another force of the same
   state) used in this document where the text states them (``inherit_modes``): "Russian warplanes
   flew over ... Russia stepped up its attacks" -> aerial; not when the doer is named as ground
   troops ("Russian troops attacked ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwatch.models import ActorMention

if TYPE_CHECKING:
    from eventwatch.resolve.kb import KnowledgeBase


class ModeCandidate(Protocol):
    """What ``inherit_modes`` reads and writes on an event candidate (``extract._Cand``)."""

    plover: str
    mode: str | None
    strong: bool
    evidenced: bool
    actor1: list[ActorMention]

CLAUSE_DEPS = frozenset({"advcl", "ccomp", "relcl", "parataxis", "acl", "xcomp", "csubj"})
SUPPORT_VERBS = frozenset(
    {"carry", "launch", "conduct", "mount", "stage", "step", "increase", "intensify", "escalate", "continue",
     "resume", "perpetrate", "commit", "unleash", "execute", "claim"}
)
INSTRUMENT_PREPS = frozenset({"with", "using", "by", "via", "from"})
UNSPECIFIED = (None, "attack")


def _weapon(tok: Token, weapon: dict[str, str]) -> str | None:
    return weapon.get(tok.lemma_.lower()) or weapon.get(tok.lower_)


def _clause_tokens(head: Token, keep: Token) -> Iterator[Token]:
    """Tokens of ``head``'s clause: its subtree minus embedded clauses that do not contain ``keep``."""
    stack = [head]
    while stack:
        t = stack.pop()
        yield t
        for c in t.children:
            clause = c.dep_ in CLAUSE_DEPS or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
            if clause and not (c.left_edge.i <= keep.i <= c.right_edge.i):
                continue
            stack.append(c)


def scoped_weapon_mode(t: Token, kind: str, weapon: dict[str, str]) -> str | None:
    """A weapon word in the trigger's own phrase or clause."""
    for tok in t.subtree:
        if tok.i != t.i and (m := _weapon(tok, weapon)):
            return m
    scope: list[Token] = []
    if kind != "noun":
        scope.extend(_clause_tokens(t, t))
    else:
        h = t.head
        if t.dep_ == "pobj" and h.dep_ == "prep":
            h = h.head
        undergone = t.dep_ == "pobj" and t.head.lower_ == "under"  # "came under attack ... with rockets"
        if t.dep_ in ("dobj", "nsubjpass", "pobj") and h.pos_ in ("VERB", "AUX") and (h.lemma_.lower() in SUPPORT_VERBS or undergone):
            for c in h.children:
                if c.dep_ in ("nsubj", "agent") or (c.dep_ == "prep" and c.lower_ in INSTRUMENT_PREPS):
                    scope.extend(c.subtree)
    for tok in scope:
        if tok.i != t.i and (m := _weapon(tok, weapon)):
            return m
    return None


def sentence_weapon_mode(
    t: Token, seg: SpacySpan, weapon: dict[str, str], others: Iterable[Token] = ()
) -> str | None:
    """A weapon word elsewhere in the sentence, unless it lies in the phrase of another event
    trigger ("flights by warplanes amid the bombardment": the warplanes are the flights')."""
    owned: set[int] = set()
    for o in others:
        if o.i == t.i:
            continue
        inside = o.left_edge.i <= t.i <= o.right_edge.i
        if not inside:
            owned.add(o.i)
        for c in o.children:
            if not (c.left_edge.i <= t.i <= c.right_edge.i):
                owned.update(x.i for x in c.subtree)
    for tok in seg:
        if tok.i not in owned and (m := _weapon(tok, weapon)):
            return m
    return None


def assault_mode(
    t: Token, kind: str, mode: str | None, seg: SpacySpan, weapon: dict[str, str], others: Iterable[Token] = ()
) -> tuple[str | None, bool]:
    """(mode, evidenced) for a non-strong ASSAULT trigger; ``evidenced`` when a weapon word states it.
    ``others``: the other trigger tokens of the sentence."""
    m = scoped_weapon_mode(t, kind, weapon) or sentence_weapon_mode(t, seg, weapon, others)
    if m:
        return m, True
    if mode not in UNSPECIFIED:
        return mode, False
    targets = [c for c in t.subtree if c.dep_ in ("pobj", "dobj", "nsubjpass")]
    targets += [c for c in t.children if c.dep_ == "nsubjpass"]
    if any(x.lemma_.lower() in ("patrol", "convoy") for x in targets):
        return "explosives", False
    return mode, False


# a doer named as ground troops fights on the ground: no inherited remote means
GROUND_HEADS = frozenset(
    {"troops", "soldiers", "fighters", "infantry", "gunmen", "militants", "paratroopers", "marines", "commandos"}
)


REMOTE_MODES = frozenset({"aerial", "shelling", "explosives", "chemical"})


def _actor_keys(ms: Iterable[ActorMention], kb: KnowledgeBase | None) -> set[str]:
    """Actor names plus, for state actors and their forces, a key for the state ("Russia" and
    "Russian Armed Forces" are the same doer for the question of which weapons it uses)."""
    out: set[str] = set()
    for m in ms:
        out.add(m.name)
        if kb is not None and m.actor_id:
            a = kb.get(m.actor_id)
            # duck-typed: tests pass knowledge bases whose actors lack some fields
            country = getattr(a, "country", None)
            if country and getattr(a, "type", None) in ("state", "state_armed_force", "military_unit"):
                out.add("state:" + country)
    return out


def inherit_modes(cands: Sequence[ModeCandidate], kb: KnowledgeBase | None) -> None:
    """Unspecified attacks take the means their doer used where the document states them.

    ``cands`` are the document's candidates in text order (objects with ``plover``, ``mode``,
    ``strong``, ``evidenced`` and ``actor1``); MOBILIZE air patrols count as aerial means."""
    means: list[tuple[set[str], str]] = []
    for c in cands:
        if not c.actor1:
            continue
        if c.plover == "ASSAULT" and (c.strong or c.evidenced) and c.mode in REMOTE_MODES:
            means.append((_actor_keys(c.actor1, kb), c.mode))
        elif c.plover == "MOBILIZE" and c.mode == "air_patrol":
            means.append((_actor_keys(c.actor1, kb), "aerial"))
    if not means:
        return
    for c in cands:
        if c.plover != "ASSAULT" or c.strong or c.evidenced or c.mode not in UNSPECIFIED or not c.actor1:
            continue
        if any(m.span.text.split()[-1].lower() in GROUND_HEADS for m in c.actor1 if m.span.text.split()):
            continue
        keys = _actor_keys(c.actor1, kb)
        found = {m for k, m in means if k & keys}
        if len(found) == 1:
            c.mode = found.pop()
