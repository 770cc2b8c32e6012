"""Actor roles from the dependency parse: actor1 (initiator) and actor2 (target)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from eventwatch.events.lexicon import load_lexicon
from eventwatch.models import ActorMention, Span
from eventwatch.nlp.pipeline import doc_text

if TYPE_CHECKING:
    from eventwatch.events.triggers import Trigger
    from eventwatch.resolve.kb import KnowledgeBase

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
# event nouns of other types whose "of" argument is also the doer ("the escalation of the army")
INTRANSITIVE_NOUN_LEMMAS = frozenset({"escalation", "offensive", "advance", "incursion", "buildup", "build-up",
                                      "mobilization", "mobilisation", "operation", "campaign"})
# verbs whose object is the doer of the act in their "of/for/from" complement
# ("accused X of shelling", "blamed X for the attack", "prevented X from entering")
ACCUSE = frozenset({"accuse", "blame", "suspect", "charge"})
# nouns denoting a state's forces or their installations: a demonym modifying them names the
# armed forces ("Ukrainian positions", "Armenian troops", "a Turkish military base")
MILITARY_NOUNS = frozenset({"position", "post", "outpost", "base", "convoy", "patrol", "troop", "soldier",
                            "force", "army", "checkpoint", "garrison", "unit", "serviceman", "servicemen",
                            "barracks", "military", "warship", "jet", "warplane", "aircraft", "helicopter", "drone"})
# group nouns whose "from" argument names the group ("gunmen from the X gang")
GROUP_NOUNS = frozenset({"fighter", "gunman", "gunmen", "militant", "jihadist", "rebel", "member", "soldier",
                         "troop", "militiaman", "insurgent", "attacker", "assailant", "men"})
DEFINITE_DETS = frozenset({"the", "this", "these", "those"})
ANAPHOR_WINDOW = 4  # sentences between a definite noun phrase and its antecedent
LIST_SEPARATORS = frozenset({",", "and", "or"})
# quotation marks around list members ("the factions are: “X”, and the “Y”") are transparent
QUOTE_MARKS = frozenset({"“", "”", "‘", "’", '"', "'"})
OBJECT_CONTROL_PREPS = frozenset({"of", "for", "from"})
# participial modifiers that name the group a generic head belongs to / the doer of a nominal
# ("factions affiliated with X", "fighters loyal to X", "the efforts made by X")
AFFILIATION_PARTICIPLES = frozenset({"affiliate", "affiliated", "link", "linked", "loyal", "belong", "belonging",
                                     "allied", "ally", "tied", "associate", "associated", "make", "made",
                                     "carry", "conduct", "undertake", "exert", "lead", "led", "head", "headed"})


class ActorIndex:
    """Token index -> actor mentions covering that token (``kb``: optional, for demonym forces)."""

    def __init__(self, doc: Doc, actors: list[ActorMention], kb: KnowledgeBase | None = None) -> None:
        self.by_token: dict[int, list[ActorMention]] = {}
        self.kb = kb
        self._forces: dict[int, list[ActorMention]] = {}
        self._starts: dict[int, int] = {}  # id(mention) -> first / last token index
        self._ends: dict[int, int] = {}
        self._mates: dict[int, list[ActorMention]] = {}
        self._antecedents: dict[int, list[ActorMention]] = {}
        self._nouns: dict[str, list[int]] | None = None  # noun lemma -> token indices
        self._sent_no: list[int] = []
        # nominal event triggers of the sentence being read: a conjunct that is itself an event
        # ("X's action on A or Y's action in B") is not part of an argument phrase
        self.event_nouns: set[int] = set()
        if not actors:
            return
        starts = [t.idx for t in doc]
        import bisect

        for m in actors:
            i = bisect.bisect_right(starts, m.span.start) - 1
            i = max(i, 0)
            first = None
            while i < len(doc) and doc[i].idx < m.span.end:
                if doc[i].idx + len(doc[i].text) > m.span.start:
                    self.by_token.setdefault(i, []).append(m)
                    first = i if first is None else first
                    self._ends[id(m)] = i
                i += 1
            if first is not None:
                self._starts[id(m)] = first

    def at(self, tok: Token) -> list[ActorMention]:
        return self.by_token.get(tok.i, [])

    def list_mates(self, tok: Token) -> list[ActorMention]:
        """The other members of a surface coordination "X, Y(,) and Z" of actor names that
        ``tok`` belongs to, whatever the parser attached them to ("the US, Britain, and France
        carried out", "attacks on the headquarters of X, Y, and Z"). The conjunction must stand
        before the last member only; a member that is a clause's own subject (right) or another
        verb's argument (left) ends the list."""
        ms = self.at(tok)
        if not ms or id(ms[0]) not in self._starts:
            return []
        key = id(ms[0])
        if key not in self._mates:
            self._mates[key] = self._list_of(tok.doc, ms[0])
        return self._mates[key]

    def _list_of(self, doc: Doc, m0: ActorMention) -> list[ActorMention]:
        left, lseps = self._walk(doc, self._starts[id(m0)], -1)
        right, rseps = self._walk(doc, self._ends[id(m0)], 1)
        seps = lseps[::-1] + rseps  # separators in text order
        if not seps or not any(x in ("and", "or") for x in seps[-1]):
            return []
        if any(x in ("and", "or") for sp in seps[:-1] for x in sp):
            return []
        return left + right

    def _walk(self, doc: Doc, edge: int, step: int) -> tuple[list[ActorMention], list[list[str]]]:
        """Actor names chained to the mention ending (step 1) / starting (step -1) at ``edge``
        by list separators, with the separators before each."""
        out: list[ActorMention] = []
        seps_out: list[list[str]] = []
        i = edge
        while len(out) < 8:
            j = i + step
            seps: list[str] = []
            while 0 <= j < len(doc) and (doc[j].lower_ in LIST_SEPARATORS or self._transparent(doc[j])):
                if doc[j].lower_ in LIST_SEPARATORS:
                    seps.append(doc[j].lower_)
                j += step
            if not seps or not (0 <= j < len(doc)):
                break
            nxt = self.at(doc[j])
            if not nxt or id(nxt[0]) not in self._starts or any(nxt[0] is m for m in self.at(doc[i])):
                break
            m = nxt[0]
            if _clause_argument(doc[self._ends[id(m)]], step):
                break
            out.append(m)
            seps_out.append(seps)
            i = self._ends[id(m)] if step > 0 else self._starts[id(m)]
        return out, seps_out

    def _transparent(self, tok: Token) -> bool:
        """A token a list walk steps over: an article that is no actor's, a quotation mark."""
        return (tok.lower_ == "the" and not self.at(tok)) or tok.text in QUOTE_MARKS

    def antecedent(self, tok: Token) -> list[ActorMention]:
        """Actors of a definite noun phrase with none of its own ("the patrols", "the joint
        patrol", "these factions"): those of the latest earlier phrase with the same head noun
        that names them ("Turkish and Russian patrols", "the factions of X and Y") within
        ``ANAPHOR_WINDOW`` sentences; chains through intermediate definite mentions."""
        if tok.pos_ != "NOUN" or not any(c.lower_ in DEFINITE_DETS or c.lower_ == "both" for c in tok.children if c.dep_ in ("det", "predet")):
            return []
        if tok.i in self._antecedents:
            return self._antecedents[tok.i]
        self._antecedents[tok.i] = []  # guards recursion
        doc = tok.doc
        nouns = self._nouns if self._nouns is not None else self._index_nouns(doc)
        out: list[ActorMention] = []
        here = self._sent_no[tok.i]
        if tok.tag_ == "NNS" and any(c.lower_ in ("two", "both") for c in tok.children):
            out = self._pair_before(tok)
            self._antecedents[tok.i] = out
            return out
        for j in reversed(nouns.get(tok.lemma_.lower(), [])):
            if j >= tok.i:
                continue
            if here - self._sent_no[j] > ANAPHOR_WINDOW:
                break
            prev = doc[j]
            out = actors_in(prev, self) or identified(prev, self) or self.antecedent(prev)
            if out:
                break
        self._antecedents[tok.i] = out
        return out

    def _pair_before(self, tok: Token) -> list[ActorMention]:
        """'the two parties', 'both sides': the latest earlier coordination of exactly two actors
        ("a summit that brought together X and Y") within ``ANAPHOR_WINDOW`` sentences."""
        doc = tok.doc
        here = self._sent_no[tok.i]
        for j in range(tok.i - 1, -1, -1):
            if here - self._sent_no[j] > ANAPHOR_WINDOW:
                break
            t = doc[j]
            if not any(c.dep_ == "conj" for c in t.children) or not self.at(t):
                continue
            ms = actors_in(t, self)
            if len({m.name for m in ms}) == 2:
                return ms
        return []

    def _index_nouns(self, doc: Doc) -> dict[str, list[int]]:
        nouns: dict[str, list[int]] = {}
        self._sent_no = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for t in sent:
                self._sent_no[t.i] = n
                if t.pos_ == "NOUN":
                    nouns.setdefault(t.lemma_.lower(), []).append(t.i)
        self._nouns = nouns
        return nouns

    def forces_of(self, head: Token) -> list[ActorMention]:
        """'Ukrainian positions' / 'Armenian troops' -> the state's armed forces when the KB has
        them (a role-level reading: a demonym on a military noun names the forces, not the state)."""
        if head.i in self._forces:
            return self._forces[head.i]
        out: list[ActorMention] = []
        kb = self.kb
        if kb is not None and (head.lemma_.lower() in MILITARY_NOUNS or head.lower_ in MILITARY_NOUNS):
            mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]
            # "Armenian and Azerbaijani troops": conjoined demonyms each name their forces
            mods += [cc for c in mods for cc in c.children if cc.dep_ == "conj"]
            for c in mods:
                if not c.text[:1].isupper():
                    continue
                state = None
                ms = self.at(c)
                if ms:
                    a = kb.get(ms[0].actor_id) if ms[0].actor_id else None
                    state = a if a is not None and getattr(a, "type", None) == "state" else None
                    if state is None:
                        continue
                else:
                    state = kb.demonym_state(c.text)
                forces = kb.get(state.forces) if state is not None and state.forces else None
                if forces is not None:
                    out.append(ActorMention(Span(c.idx, head.idx + len(head.text), doc_text(c.doc)[c.idx : head.idx + len(head.text)]),
                                            forces.id, kb.coding_name(forces.id), "normalised", confidence=0.8))
        self._forces[head.i] = out
        return out


def _clause_argument(tok: Token, step: int) -> bool:
    """A list candidate that is the argument of its own clause: a subject to the right ("..., and
    Y attacked") or an object/subject of another verb to the left ("X attacked Y, and Z said")."""
    deps = ("nsubj", "nsubjpass") if step > 0 else ("nsubj", "nsubjpass", "dobj", "attr", "dative")
    return tok.dep_ in deps and tok.head.pos_ in ("VERB", "AUX")


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
        here = idx.at(t)
        forces = idx.forces_of(t) if t.pos_ in ("NOUN", "PROPN") else []
        if forces:
            # the state mention on "Armenian troops" gives way to the state's forces
            state_ids = {f.span.start for f in forces}
            out[:] = [m for m in out if m.span.start not in state_ids]
            _add(out, forces)
        else:
            _add(out, here)
            _add(out, idx.list_mates(t))
        for c in t.children:
            d = c.dep_
            if d == "prep":
                if c.lower_ in NP_KEEP_PREPS or deep or (c.lower_ == "from" and t.lemma_.lower() in GROUP_NOUNS):
                    stack.append(c)
                continue
            if forces and d in ("amod", "compound", "nmod") and any(f.span.start == c.idx for f in forces):
                continue
            if d == "acl" and not deep and (c.lemma_.lower() in AFFILIATION_PARTICIPLES or c.lower_ in AFFILIATION_PARTICIPLES):
                # "factions affiliated with X", "efforts made by X": X names the group / doer
                for cc in c.children:
                    if cc.dep_ in ("prep", "agent") and cc.lower_ in ("with", "to", "by"):
                        stack.extend(_pobjs(cc))
                continue
            if d in NP_PRUNE and not (deep and d in ("relcl", "acl")):
                continue
            if d == "conj" and c.i in idx.event_nouns:
                continue  # "action on Zawiya Mountain or Turkish military action in ...": another event
            if d == "conj" and c.i + 1 < len(c.doc) and _same(_stray_subject(c.doc[c.i + 1]), c):
                continue  # "roadblocks and local militias threaten ...": the next clause's subject
            stack.append(c)
    out.sort(key=lambda m: m.span.start)
    return out


def _arg(tok: Token | None, idx: ActorIndex) -> list[ActorMention]:
    """Actors of an argument phrase; a definite phrase naming none takes its antecedent's (not
    inside a relative clause: "the areas that these forces entered" presupposes, not reports)."""
    out = actors_in(tok, idx) or identified(tok, idx)
    if not out and tok is not None and tok.head.dep_ != "relcl":
        out = list(idx.antecedent(tok))
    return out


def identified(tok: Token | None, idx: ActorIndex) -> list[ActorMention]:
    """Actors an identifying copula names for a subject phrase with none of its own ("the
    factions that refused are X and Y")."""
    if tok is None or tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
        return []
    attr = _child(tok.head, {"attr"})
    return actors_in(attr, idx) if attr is not None else []


def _same(a: Token | None, b: Token | None) -> bool:
    """Token identity (spaCy makes a new ``Token`` object on every access, so ``is`` fails)."""
    return a is not None and b is not None and a.i == b.i


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
        while h.dep_ not in ("relcl", "acl") and h.head.i != h.i and h.i != h.head.i:
            if h.dep_ in ("ROOT",):
                break
            h = h.head
        if h.dep_ in ("relcl", "acl"):
            return h.head
    return tok


def verb_subject(v: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject token of verb ``v`` (climbing control/coordination); (token, passive)."""
    subjects = [c for c in v.children if c.dep_ in SUBJ or c.dep_ in ("nsubjpass", "csubjpass")]
    if subjects:
        # two subjects are a misparse (a heading glued to the sentence): the nearest one before the verb
        before = [c for c in subjects if c.i < v.i]
        c = before[-1] if before else subjects[0]
        passive = c.dep_ in ("nsubjpass", "csubjpass")
        if c.dep_ == "nsubj" and not _child(v, {"aux", "auxpass", "dobj"}) and (
            v.tag_ == "VBN" or (v.tag_ == "VBD" and v.dep_ in ("ccomp", "xcomp", "oprd") and v.head.lemma_ == "leave")
        ):
            # a bare past participle with a subject is a reduced passive: "left two soldiers
            # injured" (tagged VBD as often as VBN), headline "Three soldiers killed in ambush"
            passive = True
        return resolve_relative(c), passive
    stray = _stray_subject(v)
    if stray is not None:
        return stray, False
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
        # "servicemen injured", "a convoy attacked near X": a past form modifying a noun is a
        # passive participle (the tagger often says VBD)
        return h, v.tag_ == "VBN" or v.tag_ == "VBD"
    if d == "relcl":
        return h, False
    if d == "pcomp":
        if h.head.i == h.i:
            return None, False
        g = h.head
        if h.lower_ == "by" and v.tag_ == "VBG" and g.pos_ in ("VERB", "AUX"):
            return _manner_controller(g, depth)
        if h.lower_ in OBJECT_CONTROL_PREPS and g.pos_ in ("VERB", "AUX"):
            # "accused X of shelling", "prevented X from entering": the object does the act
            obj = _child(g, {"dobj"})
            if obj is not None:
                return resolve_relative(obj), False
            # "X was accused of shelling", "X was prevented from entering": the passive
            # subject of the matrix verb is the doer of the complement
            s, _ = verb_subject(g, depth + 1)
            return s, False
        return verb_subject(g, depth + 1)
    return None, False


def _manner_controller(g: Token, depth: int) -> tuple[Token | None, bool]:
    """'X countered/responded by sending troops': the doer of a "by + gerund" manner adjunct is
    the agent of the verb it modifies, i.e. its active subject. A participle modifying a noun
    ("the Turkish countered by ...", often a misparsed clause) is read as that noun's act: the
    agentive adjunct rules out the passive reading. A finite passive leaves the agent unnamed."""
    s, passive = verb_subject(g, depth + 1)
    if passive and g.dep_ != "acl":
        return None, False
    return s, False


def _stray_subject(v: Token) -> Token | None:
    """A finite verb the parser left without a subject of its own ("X continue to organise
    roadblocks and local militias threaten to attack ...", where the noun was made a conjunct of
    the object and the verb a loose dependent or conjunct): the conjoined noun phrase ending
    right before it is its subject."""
    if v.tag_ not in ("VBP", "VBZ", "VBD") or v.dep_ not in ("dep", "parataxis", "conj") or v.i == 0:
        return None
    prev = v.doc[v.i - 1]
    if prev.pos_ not in ("NOUN", "PROPN") or prev.dep_ != "conj" or prev.head.i == v.i:
        return None
    return prev


def accused_doer(n: Token) -> Token | None:
    """'blamed Damascus for the attack', 'X was accused of the massacre' -> Damascus / X."""
    h = n.head
    if n.dep_ != "pobj" or h.lower_ not in ("of", "for"):
        return None
    g = h.head
    if g.pos_ not in ("VERB", "AUX") or g.lemma_.lower() not in ACCUSE:
        return None
    obj = _child(g, {"dobj"})
    if obj is not None:
        return resolve_relative(obj)
    s, passive = verb_subject(g)
    return s if passive else None


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


def _clash_opponent(n: Token, idx: ActorIndex) -> list[ActorMention]:
    """'(killed) in clashes/fighting with X': the side the victims fought, i.e. the doer."""
    if n.lemma_.lower() not in SYMMETRIC_LEMMAS:
        return []
    out: list[ActorMention] = []
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("with", "against"):
            for p in _pobjs(c):
                _add(out, _arg(p, idx))
    return out


# support verbs whose participle on an event noun carries its doer and target
SUPPORT_PARTICIPLES = frozenset({"make", "carry", "conduct", "undertake", "exert", "launch", "wage", "impose",
                                 "apply", "mount", "stage", "put", "place", "level", "direct"})
PRESSURE_NOUNS = frozenset({"pressure", "threat", "coercion", "ultimatum", "demand"})
RESPONSE_TYPES = frozenset({"AGREE", "REJECT", "CONCEDE"})
RESISTANCE_NOUNS = frozenset({"resistance", "opposition", "counterattack", "counter-attack", "defence", "defense"})


def resistance_from(v: Token, idx: ActorIndex) -> list[ActorMention]:
    """'liberated ... without (significant) resistance from X', 'despite fierce resistance by X':
    X is the side the operation was directed against."""
    out: list[ActorMention] = []
    for c in v.children:
        if c.dep_ != "prep" or c.lower_ not in ("without", "despite", "after", "amid", "against", "with"):
            continue
        for n in _pobjs(c):
            if n.lemma_.lower() not in RESISTANCE_NOUNS:
                continue
            for p in n.children:
                if p.dep_ == "prep" and p.lower_ in ("from", "by", "of"):
                    for o in _pobjs(p):
                        _add(out, actors_in(o, idx))
    return out


def _noun_doers(t: Token, idx: ActorIndex) -> list[ActorMention]:
    """Doers named inside an event noun's own phrase: composite mentions on the noun
    ("Russian-Turkish agreement") and its non-pronominal possessor and premodifiers; a
    demonym premodifier the actor stage left alone names its state ("Russian airstrikes")."""
    out = list(idx.at(t))
    for c in t.children:
        if c.dep_ == "poss" and not (c.lower_ in PRONOUNS or c.pos_ == "PRON"):
            _add(out, _arg(c, idx))
        elif c.dep_ in ("amod", "compound", "nmod"):
            _add(out, _arg(c, idx))
    if not out and _assault_noun(t):
        for c in t.children:
            if c.dep_ in ("amod", "compound", "nmod"):
                _add(out, _demonym_state(c, idx))
                for cc in c.children:  # "Russian and Syrian airstrikes"
                    if cc.dep_ == "conj":
                        _add(out, _demonym_state(cc, idx))
    return out


def _demonym_state(c: Token, idx: ActorIndex) -> list[ActorMention]:
    kb = idx.kb
    state = kb.demonym_state(c.text) if kb is not None and c.text[:1].isupper() else None
    if state is None:
        return []
    return [ActorMention(Span(c.idx, c.idx + len(c.text), c.text), state.id, state.name, "normalised", confidence=0.8)]


def _assault_noun(t: Token) -> bool:
    tt = load_lexicon().nouns.get(t.lemma_.lower())
    return tt is not None and tt.plover == "ASSAULT"


def _support_participle(t: Token, idx: ActorIndex, a1: list[ActorMention], a2: list[ActorMention]) -> None:
    """'the pressure exerted by X on Y', 'strikes carried out by X against Y': a support verb's
    participle on an event noun states its doer (agent) and target (target preposition)."""
    for c in t.children:
        if c.dep_ != "acl" or c.tag_ not in ("VBN", "VBD") or c.lemma_.lower() not in SUPPORT_PARTICIPLES:
            continue
        for cc in c.children:
            if cc.dep_ == "agent" or (cc.dep_ == "prep" and cc.lower_ == "by"):
                for p in _pobjs(cc):
                    _add(a1, _arg(p, idx))
            elif cc.dep_ == "prep" and cc.lower_ in TARGET_PREPS:
                for p in _pobjs(cc):
                    _add(a2, _arg(p, idx))


def _pressure_from(v: Token, idx: ActorIndex) -> list[ActorMention]:
    """'X agreed after the Turkish pressure', 'X gave in under pressure from Y': the side that
    pressed (the pressure noun's doer) is whom the response answers."""
    out: list[ActorMention] = []
    for c in v.children:
        if c.dep_ != "prep" or c.lower_ not in ("after", "under", "following", "amid"):
            continue
        for n in _pobjs(c):
            if n.lemma_.lower() not in PRESSURE_NOUNS:
                continue
            _add(out, _noun_doers(n, idx))
            for d in n.children:
                if d.dep_ == "prep" and d.lower_ in ("from", "by"):
                    for p in _pobjs(d):
                        _add(out, _arg(p, idx))
    return out


def roles_for(trigger: Trigger, idx: ActorIndex, plover: str) -> tuple[list[ActorMention], list[ActorMention], str]:
    """(actor1, actor2, how) for a trigger."""
    t: Token = trigger.token
    a1: list[ActorMention] = []
    a2: list[ActorMention] = []
    how = ""
    if trigger.kind in ("verb", "phrasal", "verb_object"):
        subj, passive = verb_subject(t)
        if passive:
            _add(a2, _arg(subj, idx))
            how = "passive"
        else:
            _add(a1, _arg(subj, idx))
            how = "active"
        for c in t.children:
            d = c.dep_
            if d == "agent":
                for p in _pobjs(c):
                    _add(a1, _arg(p, idx))
            elif d in ("dobj", "dative", "attr") and not passive:
                if trigger.kind == "verb_object" and _same(c, trigger.obj):
                    continue
                _add(a2, _arg(c, idx))
            elif d == "prep" or (d == "prt" and _same(trigger.particle, c)):
                pl = c.lower_
                pobjs = _pobjs(c)
                if pl == "by" and passive:
                    for p in pobjs:
                        _add(a1, _arg(p, idx))
                elif pl in TARGET_PREPS or (_same(trigger.particle, c) and pl in ("on", "for", "over")):
                    for p in pobjs:
                        _add(a2, _arg(p, idx))
                    if _same(trigger.particle, c):
                        obj = _child(t, {"dobj"})
                        if obj is not None:
                            _add(a2, _arg(obj, idx))
                elif pl == "for" and plover == "RETREAT":
                    for p in pobjs:  # "hand over the area for the government forces"
                        _add(a2, _arg(p, idx))
                elif pl in ("in", "during") and plover == "ASSAULT":
                    for p in pobjs:  # "were killed in clashes with X": X is the doer
                        _add(a1, _clash_opponent(p, idx))
                        if not a1 and _assault_noun(p):  # "killed in Russian airstrikes"
                            _add(a1, _noun_doers(p, idx))
                elif pl == "from" and plover == "DEMAND":
                    for p in pobjs:  # "the concessions X wants from Y"
                        _add(a2, _arg(p, idx))
                elif pl in ("with", "between") and t.lemma_.lower() in SYMMETRIC_LEMMAS | {"clash", "fight"}:
                    for p in pobjs:
                        _add(a2 if a1 else a1, _arg(p, idx))
        if trigger.kind == "verb_object" and not a1 and trigger.obj is not None:
            _add(a1, _noun_doers(trigger.obj, idx))  # "reaching Russian-Turkish agreements"
        if plover == "ASSAULT" and not a2:
            _add(a2, resistance_from(t, idx))
        if plover in RESPONSE_TYPES and not a2:
            _add(a2, _pressure_from(t, idx))
        # framing verbs: the target of the framed action ("threatened to retaliate against X")
        if plover in ("THREATEN", "DEMAND", "COERCE") and not a2:
            for c in t.children:
                if c.dep_ == "xcomp":
                    for cc in c.children:
                        if cc.dep_ == "dobj":
                            _add(a2, _arg(cc, idx))
                        elif cc.dep_ == "prep" and cc.lower_ in TARGET_PREPS:
                            for p in _pobjs(cc):
                                _add(a2, _arg(p, idx))
    else:  # noun trigger
        lem = t.lemma_.lower()
        _add(a1, _noun_doers(t, idx))
        for c in t.children:
            if c.dep_ != "prep":
                continue
            pl = c.lower_
            for p in _pobjs(c):
                ms = _arg(p, idx)
                if pl in ("by", "from"):
                    _add(a1, ms)
                elif pl == "of":
                    if plover in INTRANSITIVE_NOUN_TYPES or lem in INTRANSITIVE_NOUN_LEMMAS:
                        _add(a1, ms)
                    else:
                        _add(a2, ms)
                elif pl in ("between", "with", "among"):
                    if pl == "with" and plover not in ("ASSAULT", "CONSULT", "AGREE", "COOPERATE"):
                        continue
                    if a1:
                        _add(a2, ms)
                    else:
                        _add(a1, ms)
                elif pl in TARGET_PREPS:
                    _add(a2, ms)
        _support_participle(t, idx, a1, a2)
        # "launched attacks on X", "put pressure on X": the target prep attached to the light verb
        if t.dep_ == "dobj" and t.head.pos_ in ("VERB", "AUX"):
            for c in t.head.children:
                if c.dep_ == "prep" and c.lower_ in TARGET_PREPS and c.i > t.i:
                    for p in _pobjs(c):
                        _add(a2, _arg(p, idx))
        if not a1:
            doer = accused_doer(t)
            if doer is not None:
                _add(a1, _arg(doer, idx))
                how = "accused"
        if plover in ("CONSULT", "AGREE"):
            for c in t.children:
                if c.dep_ in ("relcl", "acl"):
                    _add(a1, actors_in(c, idx, deep=True))
        if not a2 and not (t.dep_ == "pobj" and t.head.lower_ == "under"):
            undergoer, doers = _undergone(t, idx)
            if undergoer:
                _add(a2, [m for m in undergoer if all(m.name != o.name for o in a1)])
                if not a1:
                    _add(a1, [m for m in doers if all(m.name != o.name for o in a2)])
        h = t.head
        if t.dep_ == "pobj" and h.lower_ == "under" and h.head.pos_ in ("VERB", "AUX") and not a2:
            # "X came under attack (from Y)": the subject undergoes the event
            s, _ = verb_subject(h.head)
            _add(a2, _arg(s, idx))
        if not a1:
            if t.dep_ == "pobj" and h.lower_ == "under" and h.head.pos_ in ("VERB", "AUX"):
                for c in h.head.children:
                    if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                        for p in _pobjs(c):
                            _add(a1, _arg(p, idx))
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                        for p in _pobjs(c):
                            _add(a1, _arg(p, idx))
                how = "under"
            else:
                s = noun_governor_subject(t)
                if s is not None:
                    _add(a1, _arg(s, idx))
                    how = "governor"
            if not a1 and t.dep_ in ("nsubj", "nsubjpass"):
                # "the Turkish patrol was attacked": the noun is the subject of a non-event verb
                pass
        if not a1 and lem in SYMMETRIC_LEMMAS:
            # "the fighting continues in Idlib between X and Y": "between" attached elsewhere in the clause
            gov = t.head
            while gov.pos_ not in ("VERB", "AUX") and gov.head.i != gov.i:
                gov = gov.head
            for s_ in gov.subtree:
                if s_.dep_ == "prep" and s_.lower_ == "between":
                    for p in _pobjs(s_):
                        _add(a1, _arg(p, idx))
                    break
    if not a2 and plover in CAUSE_TYPES:
        _add(a2, [m for m in _caused_subject(t, idx) if all(m.name != o.name for o in a1)])
    a2 = [m for m in a2 if all(m.name != o.name for o in a1)]
    return a1, a2, how


UNDERGO_VERBS = frozenset({"subject", "face", "suffer", "endure", "undergo"})


def _undergone(t: Token, idx: ActorIndex) -> tuple[list[ActorMention], list[ActorMention]]:
    """'X was subjected to pressure from Y and threats', 'X faced attacks by Y': the subject of an
    undergoing verb is the target of the event noun below it; a 'from'/'by' phrase on the way up
    names the doer. Returns (targets, doers)."""
    cur = t
    doers: list[ActorMention] = []
    for _ in range(6):
        if cur.dep_ not in ("pobj", "prep", "conj", "dobj") or cur.head.i == cur.i:
            return [], []
        cur = cur.head
        if cur.pos_ == "NOUN":
            for c in cur.children:
                if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                    for p in _pobjs(c):
                        _add(doers, _arg(p, idx))
        if cur.pos_ in ("VERB", "AUX"):
            lem = cur.lemma_.lower()
            if lem not in UNDERGO_VERBS or (lem == "subject" and not _child(cur, {"nsubjpass", "auxpass"})):
                return [], []
            for c in cur.children:  # "were subjected to shelling by Y": the agent hangs from the verb
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                    for p in _pobjs(c):
                        _add(doers, _arg(p, idx))
            subj, _ = verb_subject(cur)
            return _arg(subj, idx), doers
    return [], []


CAUSE_TYPES = frozenset({"THREATEN", "COERCE", "ASSAULT"})
CAUSAL_WORDS = frozenset({"due", "because", "owing"})


def _caused_subject(t: Token, idx: ActorIndex) -> list[ActorMention]:
    """'the patrols failed due to threats by X', 'civilians fled because of shelling': the
    subject of the clause that the threat or attack caused is the one it was aimed at."""
    cur, causal = t, False
    for _ in range(4):
        if cur.dep_ not in ("pobj", "pcomp", "prep", "advmod") or cur.head.i == cur.i:
            break
        cur = cur.head
        causal = causal or cur.lower_ in CAUSAL_WORDS
        if cur.pos_ in ("VERB", "AUX"):
            break
    if not causal or cur.pos_ not in ("VERB", "AUX"):
        return []
    subj, _ = verb_subject(cur)
    return _arg(subj, idx)
