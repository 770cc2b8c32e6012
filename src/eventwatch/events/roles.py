"""Actor roles from the dependency parse: actor1 (initiator) and actor2 (target)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwatch.models import ActorMention

RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
PRONOUNS = frozenset({"he", "she", "they", "it", "its", "their", "his", "her", "them", "we", "our", "i"})
NP_KEEP_PREPS = frozenset({"of"})
NP_PRUNE = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "cc", "mark", "det", "prep", "parataxis"})
TARGET_PREPS = frozenset({"on", "against", "at", "upon", "targeting", "toward", "towards", "to"})
AGENT_PREPS = frozenset({"by", "from"})
SYMMETRIC_LEMMAS = frozenset({"clash", "fight", "fighting", "battle", "skirmish", "meet", "meeting",
                              "summit", "talk", "negotiate", "negotiation", "agree", "agreement", "cooperate",
                              "exchange", "patrol", "consult"})
SUBJ = frozenset({"nsubj", "csubj", "expl"})
# intransitive event nouns whose "of" argument is the doer ("arrival of troops")
INTRANSITIVE_NOUN_TYPES = frozenset({"MOBILIZE", "RETREAT", "COOPERATE", "CONSULT", "AGREE", "PROTEST", "THREATEN", "REJECT"})


class ActorIndex:
    """Token index -> actor mentions covering that token."""

    def __init__(self, doc: Doc, actors: list[ActorMention]):
        self.by_token: dict[int, list[ActorMention]] = {}
        if not actors:
            return
        starts = [t.idx for t in doc]
        import bisect

        for m in actors:
            i = bisect.bisect_right(starts, m.span.start) - 1
            i = max(i, 0)
            while i < len(doc) and doc[i].idx < m.span.end:
                if doc[i].idx + len(doc[i].text) > m.span.start:
                    self.by_token.setdefault(i, []).append(m)
                i += 1

    def at(self, tok: Token) -> list[ActorMention]:
        return self.by_token.get(tok.i, [])


def _add(out: list[ActorMention], ms: list[ActorMention]) -> None:
    for m in ms:
        if all(m is not o for o in out):
            out.append(m)


def actors_in(tok: Token | None, idx: ActorIndex, deep: bool = False) -> list[ActorMention]:
    """Actor mentions inside the noun phrase headed by ``tok`` (conjuncts, appositions, 'of')."""
    out: list[ActorMention] = []
    if tok is None:
        return out
    stack = [tok]
    n = 0
    while stack and n < 80:
        t = stack.pop()
        n += 1
        _add(out, idx.at(t))
        for c in t.children:
            d = c.dep_
            if d == "prep":
                if c.lower_ in NP_KEEP_PREPS or deep:
                    stack.append(c)
                continue
            if d in NP_PRUNE and not (deep and d in ("relcl", "acl")):
                continue
            stack.append(c)
    out.sort(key=lambda m: m.span.start)
    return out


def _child(tok: Token, deps: frozenset[str] | set[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def resolve_relative(tok: Token) -> Token:
    """'who'/'which' -> the noun the relative clause modifies."""
    if tok.lower_ in RELATIVE:
        h = tok.head
        while h.dep_ not in ("relcl", "acl") and h.head is not h and h.i != h.head.i:
            if h.dep_ in ("ROOT",):
                break
            h = h.head
        if h.dep_ in ("relcl", "acl"):
            return h.head
    return tok


def verb_subject(v: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject token of verb ``v`` (climbing control/coordination); (token, passive)."""
    for c in v.children:
        if c.dep_ in SUBJ:
            return resolve_relative(c), False
        if c.dep_ in ("nsubjpass", "csubjpass"):
            return resolve_relative(c), True
    if depth > 4:
        return None, False
    d = v.dep_
    h = v.head
    if h is v:
        return None, False
    if d == "xcomp" or (d == "advcl" and v.tag_ in ("VB", "VBG") and not _child(v, {"mark"})):
        # object control: "pushed them to send", "called on Turkey to ..."
        obj = _child(h, {"dobj"})
        if obj is not None and d == "xcomp" and h.lemma_ not in ("prepare", "begin", "start", "continue", "try", "attempt", "want", "plan", "decide"):
            return obj, False
        return verb_subject(h, depth + 1)
    if d == "conj" and h.pos_ in ("VERB", "AUX"):
        return verb_subject(h, depth + 1)
    if d == "acl" and h.pos_ in ("NOUN", "PROPN", "PRON"):
        return h, v.tag_ == "VBN"
    if d == "relcl":
        return h, False
    if d == "pcomp":
        return verb_subject(h.head, depth + 1) if h.head is not h else (None, False)
    return None, False


def noun_governor_subject(n: Token) -> Token | None:
    """Subject of the verb that governs a noun trigger ('Russia stepped up its attacks')."""
    h = n.head
    hops = 0
    while hops < 3 and h is not n:
        if h.pos_ in ("VERB", "AUX"):
            if n.dep_ in ("dobj", "attr", "oprd") or hops > 0 or n.dep_ == "pobj":
                s, passive = verb_subject(h)
                if s is not None and not passive:
                    return s
            return None
        if h.dep_ in ("prep", "pobj", "dobj", "conj"):
            n, h = h, h.head
            hops += 1
            continue
        return None
    return None


def roles_for(trigger, idx: ActorIndex, plover: str) -> tuple[list[ActorMention], list[ActorMention], str]:
    """(actor1, actor2, how) for a trigger."""
    t: Token = trigger.token
    a1: list[ActorMention] = []
    a2: list[ActorMention] = []
    how = ""
    if trigger.kind in ("verb", "phrasal", "verb_object"):
        subj, passive = verb_subject(t)
        if passive:
            _add(a2, actors_in(subj, idx))
            how = "passive"
        else:
            _add(a1, actors_in(subj, idx))
            how = "active"
        for c in t.children:
            d = c.dep_
            if d == "agent":
                for p in _pobjs(c):
                    _add(a1, actors_in(p, idx))
            elif d in ("dobj", "dative", "attr") and not passive:
                if trigger.kind == "verb_object" and c is trigger.obj:
                    continue
                _add(a2, actors_in(c, idx))
            elif d == "prep" or (d == "prt" and trigger.particle is c):
                pl = c.lower_
                pobjs = _pobjs(c)
                if pl == "by" and passive:
                    for p in pobjs:
                        _add(a1, actors_in(p, idx))
                elif pl in TARGET_PREPS or (trigger.particle is c and pl in ("on", "for", "over")):
                    for p in pobjs:
                        _add(a2, actors_in(p, idx))
                    if trigger.particle is c:
                        obj = _child(t, {"dobj"})
                        if obj is not None:
                            _add(a2, actors_in(obj, idx))
                elif pl in ("with", "between") and t.lemma_.lower() in SYMMETRIC_LEMMAS | {"clash", "fight"}:
                    for p in pobjs:
                        _add(a2 if a1 else a1, actors_in(p, idx))
        # framing verbs: the target of the framed action ("threatened to retaliate against X")
        if plover in ("THREATEN", "DEMAND", "COERCE") and not a2:
            for c in t.children:
                if c.dep_ == "xcomp":
                    for cc in c.children:
                        if cc.dep_ == "dobj":
                            _add(a2, actors_in(cc, idx))
                        elif cc.dep_ == "prep" and cc.lower_ in TARGET_PREPS:
                            for p in _pobjs(cc):
                                _add(a2, actors_in(p, idx))
    else:  # noun trigger
        lem = t.lemma_.lower()
        _add(a1, idx.at(t))  # composite mentions naming the event's doers ("Russian-Turkish agreement")
        for c in t.children:
            d = c.dep_
            if d == "poss":
                if c.lower_ in PRONOUNS or c.pos_ == "PRON":
                    continue
                _add(a1, actors_in(c, idx))
            elif d in ("amod", "compound", "nmod"):
                _add(a1, actors_in(c, idx))
        for c in t.children:
            if c.dep_ != "prep":
                continue
            pl = c.lower_
            for p in _pobjs(c):
                ms = actors_in(p, idx)
                if pl in ("by", "from"):
                    _add(a1, ms)
                elif pl == "of":
                    if plover in INTRANSITIVE_NOUN_TYPES:
                        _add(a1, ms)
                    else:
                        _add(a2, ms)
                elif pl in ("between", "with", "among"):
                    if pl == "with" and plover not in ("ASSAULT", "CONSULT", "AGREE", "COOPERATE"):
                        continue
                    if a1 or pl == "with" and plover == "ASSAULT" and False:
                        _add(a2, ms)
                    else:
                        _add(a1, ms)
                elif pl in TARGET_PREPS:
                    _add(a2, ms)
        if plover in ("CONSULT", "AGREE"):
            for c in t.children:
                if c.dep_ in ("relcl", "acl"):
                    _add(a1, actors_in(c, idx, deep=True))
        if not a1:
            h = t.head
            # "X came under attack from Y": subject is the target
            if t.dep_ == "pobj" and h.lower_ == "under" and h.head.pos_ in ("VERB", "AUX"):
                s, _ = verb_subject(h.head)
                _add(a2, actors_in(s, idx))
                for c in h.head.children:
                    if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                        for p in _pobjs(c):
                            _add(a1, actors_in(p, idx))
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                        for p in _pobjs(c):
                            _add(a1, actors_in(p, idx))
                how = "under"
            else:
                s = noun_governor_subject(t)
                if s is not None:
                    _add(a1, actors_in(s, idx))
                    how = "governor"
            if not a1 and t.dep_ in ("nsubj", "nsubjpass"):
                # "the Turkish patrol was attacked": the noun is the subject of a non-event verb
                pass
        # "attack on X" where X was also picked as actor1 through modifiers
    a2 = [m for m in a2 if all(m.name != o.name for o in a1)]
    return a1, a2, how
