"""Non-event filter: trigger words used in statements that report no specific event.

Each test looks at the trigger token's own grammar (tense, aspect, mood, determiners, the frame
it sits in), never at particular names or phrases of a text:

* irrealis infinitives - a "to"-infinitive (or a noun it governs) under a governor that does not
  entail or plan the act: purpose clauses ("pressure ... to push it to send fighters"),
  dispositions ("willingness to fight"), obligations ("ought to ask"); implicative and planning
  governors ("managed to enter", "began to", "planned to", "decided to") keep the event;
* generic present - a non-verbal event (ASSAULT, AID, MOBILIZE ...) in the simple present with no
  time in the sentence is a habitual or stative description ("Ankara supports them",
  "HTS is supported by X", "Moscow participates in the offensive");
* attributive use - participles and event nouns that only classify an entity ("the X-backed
  group", "sees X as a threat", "every meeting", "is used to the escalation");
* background relative clauses - an event in a relative clause or participial modifier with no
  actor, no time of its own ("family members of militants who were previously evacuated");
* cumulative control - a territory verb with a share of a whole as object ("has regained 70%
  of the country") states a balance of control, not a capture;
* conditions - an event inside an "if/unless" clause that is negated is the condition of a
  threat or demand, not an event ("... if they did not agree").
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

# governors of a "to"-infinitive that entail, attempt, plan or order the act: the event is kept
KEEP_INFINITIVE_GOVERNORS = frozenset({
    # implicative / aspectual
    "manage", "begin", "start", "continue", "resume", "proceed", "keep", "go", "come", "fail",
    "force", "compel", "oblige", "allow", "permit", "enable", "help", "dare", "return", "get", "happen",
    # attempt
    "try", "attempt", "seek", "strive", "struggle", "endeavour", "endeavor", "effort", "bid",
    # planning / deciding / ordering
    "plan", "prepare", "intend", "aim", "expect", "schedule", "set", "due", "decide", "decision",
    "vow", "pledge", "promise", "order", "instruct", "command", "agree", "threaten", "refuse",
    "plot", "scheme", "move", "rush", "mobilize", "mobilise", "deploy", "send", "dispatch",
    "likely", "about", "ready", "poised", "use",
    # contents of agreements and plans are planned acts
    "agreement", "deal", "protocol", "accord", "memorandum", "treaty", "ceasefire", "truce",
})
# participles that form classifying compounds with a demonym ("the Turkish backed group")
COMPOUND_PARTICIPLES = frozenset({"back", "support", "sponsor", "fund", "arm", "train", "lead", "led", "link",
                                  "ally", "affiliate", "control", "run", "occupy", "hold", "base"})
HABITUAL_ADJECTIVES = frozenset({"used", "accustomed", "familiar", "prone", "known", "typical", "customary"})
GENERIC_DETERMINERS = frozenset({"every", "each", "any", "no"})
TEMPORAL_MARKS = frozenset({"after", "before", "when", "while", "since", "until", "as", "once", "whenever"})
BACKGROUND_ADVERBS = frozenset({"previously", "formerly", "once", "earlier"})
SPEECH_GOVERNORS = frozenset({"say", "report", "claim", "tell", "state", "announce", "confirm", "deny", "note",
                              "add", "stress", "describe", "call", "see", "consider", "view"})
NONVERBAL_GENERIC_TYPES = frozenset({"ASSAULT", "AID", "MOBILIZE", "COOPERATE", "RETREAT", "COERCE", "CRIME",
                                     "SANCTION", "PROTEST"})


def _has_to(v: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def infinitive_governor(v: Token) -> Token | None:
    """The word governing the "to"-infinitive ``v`` (its first conjunct's governor), else None."""
    while v.dep_ == "conj" and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
        v = v.head
    if v.pos_ not in ("VERB", "AUX") or not _has_to(v) or v.head.i == v.i:
        return None
    return v.head


def irrealis_infinitive(v: Token) -> bool:
    """``v`` is a "to"-infinitive whose governor neither entails nor plans the act."""
    g = infinitive_governor(v)
    if g is None:
        return False
    lem = g.lemma_.lower()
    if lem in KEEP_INFINITIVE_GOVERNORS or g.lower_ in KEEP_INFINITIVE_GOVERNORS:
        return False
    if lem in ("have", "need") and g.tag_ == "VBD":
        return False  # "had to be stopped": past necessity, realised
    # "the plan is to attack" / "the aim is to ..." : planned, keep
    return not (g.pos_ == "AUX" and g.lemma_ == "be" and any(c.dep_ == "nsubj" for c in g.children))


def governing_verb(t: Token, seg: SpacySpan, limit: int = 4) -> tuple[Token | None, str]:
    """The first verb above noun ``t`` through nominal/prepositional edges; (verb, dep below it)."""
    cur = t
    for _ in range(limit):
        h = cur.head
        if h is cur or h.i < seg.start or h.i >= seg.end:
            return None, ""
        if h.pos_ in ("VERB", "AUX"):
            return h, cur.dep_
        if cur.dep_ not in ("pobj", "dobj", "prep", "conj", "compound", "appos", "nsubj", "nsubjpass", "attr"):
            return None, ""
        cur = h
    return None, ""


def _simple_present(v: Token) -> bool:
    """Finite simple present, active ("supports") or passive ("is supported"), no other auxiliary."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if v.tag_ in ("VBZ", "VBP"):
        return not auxes
    if v.tag_ == "VBN":
        return len(auxes) == 1 and auxes[0].dep_ == "auxpass" and auxes[0].lower_ in ("is", "are", "am")
    return False


def generic_present(t: Token, kind: str, plover: str, seg: SpacySpan, seg_has_time: bool) -> bool:
    """A habitual/stative description: simple present, no time in the sentence, non-verbal type."""
    if seg_has_time or plover not in NONVERBAL_GENERIC_TYPES:
        return False
    if kind != "noun":
        if t.dep_ in ("ccomp", "xcomp", "advcl", "pcomp"):
            return False  # embedded clauses use the present for reported / future acts
        return _simple_present(t) and not any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "when") for c in t.children)
    v, dep = governing_verb(t, seg)
    if v is None or v.lemma_.lower() in SPEECH_GOVERNORS:
        return False
    return _simple_present(v) and dep in ("dobj", "pobj", "prep", "attr")


def attributive(t: Token, kind: str) -> bool:
    """The trigger only classifies an entity: "the Turkish-backed group", "sees X as a threat",
    "before every meeting", "is used to the escalation"."""
    doc = t.doc
    if kind != "noun":
        if t.tag_ in ("VBN", "VBD") and t.i > 0 and t.i + 1 < len(doc):
            prev, nxt = doc[t.i - 1], doc[t.i + 1]
            if nxt.pos_ in ("NOUN", "PROPN") and (
                prev.text in ("-", "–")
                or (prev.text[:1].isupper() and (prev.pos_ == "ADJ" or prev.ent_type_ == "NORP")
                    and t.lemma_.lower() in COMPOUND_PARTICIPLES)
            ):
                return True
            if t.dep_ == "amod" and t.head.i > t.i:
                return True
        return False
    if any(c.dep_ == "det" and c.lower_ in GENERIC_DETERMINERS for c in t.children):
        return True
    cur = t
    for _ in range(4):
        h = cur.head
        if cur.dep_ == "pobj" and h.lower_ == "as" and h.head.pos_ in ("VERB", "AUX"):
            return True
        if cur.dep_ == "pobj" and h.lower_ == "to" and HABITUAL_ADJECTIVES & {h.head.lemma_.lower(), h.head.lower_}:
            return True
        # "the escalation and the perpetration of massacres": conjuncts and "of" nominals share the frame
        if cur.dep_ == "conj" and h.pos_ in ("NOUN", "PROPN"):
            cur = h
        elif cur.dep_ == "pobj" and h.lower_ == "of" and h.head.pos_ == "NOUN":
            cur = h.head
        else:
            return False
    return False


PROPORTION_WORDS = frozenset({"%", "percent", "half", "third", "quarter", "majority", "bulk", "fraction", "share"})


def proportion_object(v: Token) -> bool:
    """A territory verb with no time whose object is a share of a whole ("has regained 70% of
    the country"): a cumulative balance of control, not one capture ("took half of the town on
    Monday" is one)."""
    if any(s.ent_type_ in ("DATE", "TIME") for s in v.subtree):
        return False
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in PROPORTION_WORDS \
                and any(p.dep_ == "prep" and p.lower_ == "of" for p in c.children):
            return True
    return False


def _clause_has_time(v: Token, time_starts: set[int]) -> bool:
    return any(s.idx in time_starts or s.ent_type_ in ("DATE", "TIME") for s in v.subtree)


def _relative_subject(v: Token) -> bool:
    """The relative clause's subject is its relative pronoun ("the factions that were refusing"),
    not a subject of its own ("the areas that these forces have entered")."""
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is None or subj.lower_ in ("that", "who", "which")


def background_relative(t: Token, kind: str, has_actor: bool, time_starts: set[int]) -> bool:
    """An event in a relative clause / participial modifier describing an entity, with no actor
    and no time of its own."""
    if kind == "noun" or has_actor:
        return False
    v = t
    while v.dep_ == "conj" and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
        v = v.head
    if v.dep_ not in ("relcl", "acl"):
        return False
    h = v.head
    if h.dep_ == "ROOT" and h.pos_ in ("NOUN", "PROPN", "PRON"):
        return False  # a verbless root noun: the "relative clause" is the main predicate (misparse)
    if h.dep_ == "nsubj" and h.head.lemma_ == "be" and any(c.dep_ in ("attr", "acomp") for c in h.head.children) \
            and _relative_subject(v):
        return False  # "the factions that were refusing ... are: X and Y" identifies the actors
    return not _clause_has_time(t, time_starts)


def pluperfect_background(t: Token, kind: str, time_starts: set[int]) -> bool:
    """'the obligations they had previously signed': a relative clause restating an earlier act."""
    if kind == "noun" or t.dep_ not in ("relcl", "acl"):
        return False
    if not any(c.dep_ == "advmod" and c.lower_ in BACKGROUND_ADVERBS for c in t.children):
        return False
    return not _clause_has_time(t, time_starts)


def _condition_clause(t: Token) -> Token | None:
    """The verb of the "if/unless" clause containing ``t`` (nouns: through their governing verb)."""
    cur = t
    for _ in range(5):
        if cur.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
            return cur
        if cur.head.i == cur.i:
            return None
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("xcomp", "conj", "aux", "ccomp"):
            return None
        cur = cur.head
    return None


def in_condition(t: Token) -> bool:
    return _condition_clause(t) is not None


def negated_condition(t: Token, seg: SpacySpan) -> bool:
    """A negated event inside an "if/unless" clause: the condition of a threat, not an event."""
    v = _condition_clause(t)
    if v is None:
        return False
    return any(c.dep_ == "neg" for c in t.children) or any(c.dep_ == "neg" for c in v.children)


def negated_evidence(t: Token, seg: SpacySpan) -> bool:
    """'There is no evidence/sign/indication that X happened': X is not asserted."""
    for anc in t.ancestors:
        if anc.i < seg.start:
            break
        if anc.pos_ == "NOUN" and anc.lemma_.lower() in ("evidence", "sign", "indication", "proof", "confirmation"):
            return any(c.dep_ == "det" and c.lower_ == "no" for c in anc.children)
    return False


def crosses_temporal_clause(below: Token | None) -> bool:
    """The edge from ``below`` up is an adverbial clause introduced by a temporal conjunction
    ("..., after they claimed an attack"): cues above it do not frame the event."""
    if below is None or below.dep_ != "advcl":
        return False
    return any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in below.children)


# the whole war as the doer, or a count since its start: a running toll, not an event
CONFLICT_NOUNS = frozenset({"war", "conflict", "uprising", "revolution", "crisis", "insurgency", "violence"})
SINCE_ANCHORS = CONFLICT_NOUNS | {"then", "start", "beginning", "outbreak"}


def cumulative_toll(t: Token) -> bool:
    """'The civil war has killed hundreds of thousands', 'more than 290,000 people have been
    killed since the conflict erupted': tolls of the whole conflict are background figures."""
    for c in t.children:
        if c.dep_ in ("nsubj", "agent") and (c.lemma_.lower() in CONFLICT_NOUNS or any(
                p.lemma_.lower() in CONFLICT_NOUNS for p in c.children if p.dep_ == "pobj")):
            return True
        since = c.lower_ == "since" or (c.dep_ == "advcl" and any(m.lower_ == "since" for m in c.children))
        if since and any(w.lemma_.lower() in SINCE_ANCHORS for w in c.subtree):
            return True
    return False
