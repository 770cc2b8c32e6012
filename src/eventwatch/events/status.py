"""Event status (occurred, claimed, planned, threatened, failed, denied, hypothetical, historical)
and attribution (source)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwatch.models import Span

SPEECH = frozenset({
    "say", "claim", "report", "allege", "reveal", "stress", "point", "add", "indicate", "believe",
    "tell", "confirm", "affirm", "state", "announce", "note", "explain", "assert", "suggest",
    "emphasize", "emphasise", "argue", "write", "publish", "circulate", "quote", "mention",
    "acknowledge", "admit", "disclose", "declare", "insist", "underline", "stated", "deny", "appear",
})
FACTIVE = frozenset({"confirm", "affirm", "announce", "acknowledge", "admit", "declare", "state"})
# reporting verbs by which the writer distances the text from what is reported ("X claimed");
# plain reporting ("X said", "X reported") passes the report on as fact
DISTANCING_VERBS = frozenset({"claim", "allege", "believe", "suspect", "purport", "assert", "insist"})
DISTANCING_NOUNS = frozenset({"report", "information", "claim", "allegation", "rumor", "rumour", "indication", "speculation"})
PLAN = frozenset({"prepare", "plan", "schedule", "intend", "aim", "expect", "seek", "preparation", "due", "set"})
FAIL = frozenset({"fail", "failure"})
ATTEMPT = frozenset({"attempt", "try"})
HYPO_WORDS = frozenset({"possibility", "possible", "likely", "potential", "scenario", "probably", "perhaps"})
MODAL_HYPO = frozenset({"may", "might", "could", "would", "should"})
THREAT = frozenset({"threaten", "warn", "threat", "warning"})
STOP = frozenset({"stop", "halt", "cancel", "abort", "interrupt"})
TEMPORAL_MARKS = frozenset({"after", "before", "when", "while", "since", "until", "once", "whenever"})
ADJUNCT_PREPS = frozenset({"amid", "amidst", "despite", "because", "following", "during", "after", "before"})
# "X accused Y of shelling Z": the shelling is Y's act as X reports it
ACCUSE = frozenset({"accuse", "blame", "allege", "charge", "suspect"})


@dataclass(slots=True)
class StatusResult:
    status: str = "occurred"
    cue: Token | None = None
    source_tok: Token | None = None  # subject / pobj naming who says so
    reported: bool = False  # reported through a speech verb or "according to"
    distancing: bool = False
    factive: bool = False
    negated: bool = False


def _neg(t: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in ("not", "n't", "never") and c.dep_ in ("neg", "advmod")) for c in t.children)


def _speaker(v: Token) -> Token | None:
    """Who speaks through speech verb ``v``: its subject or passive agent; a participle or a
    coordinated verb without a subject shares its head's ("X pointed out ..., adding: '...'",
    "X met Y and said ...")."""
    for _ in range(3):
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return None if c.lemma_.lower() in ("report", "information", "it", "there") else c
            if c.dep_ == "agent":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        if v.dep_ not in ("advcl", "conj", "xcomp") or v.head.i == v.i:
            return None
        v = v.head
    return None


OBJECT_NP_EDGES = frozenset({"pobj", "prep", "pcomp", "conj", "appos", "compound", "nmod", "dobj", "acl"})


def _reports(v: Token, below: Token | None, chain: list[Token]) -> bool:
    """Speech verb ``v`` reports the event at the bottom of ``chain`` (``below`` is its child on
    the path): through a clausal complement ("said that ..."), or through its object noun phrase
    ("stressed the arrival of X", "revealed the possibility of X carrying out ..."), not a
    self-description ("stressed their refusal")."""
    if below is None or v.lemma_.lower() not in SPEECH or v.pos_ not in ("VERB", "AUX"):
        return False
    if below.dep_ in ("ccomp", "parataxis", "xcomp"):
        return True
    if below.dep_ != "dobj":
        return False
    if v.lemma_.lower() in ("claim", "report", "allege"):
        return True
    if v.lemma_.lower() in FACTIVE or below.pos_ != "NOUN" or any(c.dep_ == "poss" for c in below.children):
        return False
    return all(x.dep_ in OBJECT_NP_EDGES for x in chain[:-1])


def _postposed_reporter(sentence: SpacySpan, top: Token) -> Token | None:
    """'X recaptured the town, a spokesman said.' parsed with its clause attached outside the
    segment (to a heading above it): the segment's own main speech verb after the clause."""
    for v in sentence:
        if v.i > top.i and v.lemma_.lower() in SPEECH and v.pos_ == "VERB" \
                and (v.head.i == v.i or not sentence.start <= v.head.i < sentence.end):
            return v
    return None


def status_for(trigger: Token, sentence: SpacySpan, plover: str) -> StatusResult:
    res = StatusResult()
    path: list[Token] = [trigger]
    own_clause = 99  # path index from which only attribution applies
    left = False  # the parse attached the clause outside this segment (a heading glued to it)
    h = trigger
    while h.head.i != h.i and h.head.i != h.i and len(path) < 12:
        h = h.head
        if h.i < sentence.start or h.i >= sentence.end:
            left = True
            break
        prev = path[-1]
        if prev.dep_ == "relcl":
            # a relative clause is its own assertion ("X, which agreed to ..., ..."), but a speaker
            # above it still reports it ("he said the factions that were refusing ... are X")
            own_clause = min(own_clause, len(path))
        # "..., after they claimed an attack", "failed ... due to threats", "amid the bombardment":
        # the matrix verb does not frame a circumstance, but a speaker above both reports it
        # ("X died after warplanes bombarded the area, the Observatory said")
        if prev.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in prev.children):
            own_clause = min(own_clause, len(path))
        if h.pos_ == "ADP" and h.lower_ in ADJUNCT_PREPS:
            own_clause = min(own_clause, len(path))
        if h.lower_ == "due" or (h.lower_ == "to" and h.head.lower_ == "due"):
            own_clause = min(own_clause, len(path))
        path.append(h)
    planned = failed = hypo = threatened = denied = False
    cue: Token | None = None
    if _neg(trigger):
        res.negated = True
    conj_up = False
    for k, t in enumerate(path):
        lem = t.lemma_.lower()
        below = path[k - 1] if k > 0 else None
        if k >= own_clause:
            if res.source_tok is None and _reports(t, below, path[:k]):
                res.reported, res.factive, res.distancing = True, lem in FACTIVE, lem in DISTANCING_VERBS
                res.source_tok = _speaker(t)
            continue
        if below is not None and below.dep_ == "conj" and below.head.i == t.i:
            # a coordinated verb shares its conjunct's auxiliaries ("will attack and destroy")
            # but not its lexical frame ("denied the report and said ... attacked")
            conj_up = True
        elif below is not None:
            conj_up = False
        for c in t.children:
            cl = c.lower_
            if c.dep_ == "aux" or c.dep_ == "auxpass":
                if cl in ("will", "'ll", "shall") or (cl == "going" and k == 0):
                    planned = True
                    cue = cue or c
                elif cl == "can" and k > 0 and not _neg(t) and t.lemma_.lower() in ("talk", "speak", "expect", "imagine", "see", "envisage"):
                    hypo = True  # "we can talk about X": X is a possibility
                    cue = cue or c
                elif cl in MODAL_HYPO:
                    if cl == "could" and _neg(t):
                        failed = True
                    else:
                        hypo = True
                    cue = cue or c
                elif cl in ("can",) and _neg(t):
                    failed = True
                    cue = cue or c
            elif c.dep_ == "mark" and cl in ("if", "unless", "whether") and k <= 3:
                hypo = True
                cue = cue or c
        if k > 0 and lem == "go" and t.tag_ == "VBG" and below is not None and below.dep_ == "xcomp":
            planned = True  # "are going to take": future
            cue = cue or t
        if k == 0 or conj_up:
            continue
        if lem in ACCUSE and t.pos_ in ("VERB", "AUX") and below is not None and below.dep_ == "prep" \
                and below.lower_ in ("of", "for") and res.source_tok is None:
            res.reported = True
            res.distancing = True
            for c in t.children:
                if c.dep_ == "nsubj":
                    res.source_tok = c
                elif c.dep_ == "agent":
                    res.source_tok = next((p for p in c.children if p.dep_ == "pobj"), res.source_tok)
            cue = cue or t
            continue
        if lem in PLAN:
            planned = True
            cue = cue or t
        elif lem in FAIL:
            failed = True
            cue = cue or t
        elif lem == "succeed" and (_neg(t) or any(
            c.dep_ in ("nsubj", "nsubjpass") and any(d.dep_ in ("neg", "advmod") and d.lower_ == "not" for d in c.subtree)
            for c in t.children
        )):
            failed = True
            cue = cue or t
        elif lem in STOP and any(c.dep_ in ("aux",) and c.lower_ in ("had", "has", "have") for c in t.children):
            failed = True
            cue = cue or t
        elif lem in HYPO_WORDS:
            hypo = True
            cue = cue or t
        elif lem == "rule" and _neg(t):
            hypo = True
            cue = cue or t
        elif lem in THREAT and plover != "THREATEN":
            threatened = True
            cue = cue or t
        elif lem == "deny":
            denied = True
            cue = cue or t
        if res.source_tok is None and _reports(t, below, path[:k]):
            res.reported = True
            res.factive = lem in FACTIVE
            res.distancing = lem in DISTANCING_VERBS
            res.source_tok = _speaker(t)
            cue = cue or t
        if lem in DISTANCING_NOUNS and t.pos_ == "NOUN" and k > 0:
            res.reported = True
            res.distancing = True
            cue = cue or t
    if left and res.source_tok is None and (v := _postposed_reporter(sentence, path[-1])) is not None:
        res.reported, res.factive, res.distancing = True, v.lemma_.lower() in FACTIVE, v.lemma_.lower() in DISTANCING_VERBS
        res.source_tok = _speaker(v)
        cue = cue or v
    # modifiers of the trigger itself: "the possible attack", "planned chemical attack", "alleged"
    for c in trigger.children:
        cl = c.lemma_.lower()
        if c.dep_ in ("amod", "advmod"):
            if cl in ("possible", "potential", "likely"):
                hypo = True
                cue = cue or c
            elif cl in ("planned", "plan", "upcoming", "future", "intended"):
                planned = True
                cue = cue or c
            elif cl in ("alleged", "allegedly", "reportedly", "suspected", "purported"):
                res.reported = True
                res.distancing = True
                cue = cue or c
    # "according to X" anywhere in the sentence; "reports appeared that"
    for t in sentence:
        if t.lower_ == "according" and t.i + 1 < sentence.end and t.doc[t.i + 1].lower_ == "to":
            to = t.doc[t.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
            res.reported = True
            # "according to X" passes X's report on: whether it is a claim depends on who X is
            # (a party to the conflict or a witness), decided with the knowledge base
            res.distancing = pobj is None
            res.factive = False
            if pobj is not None:
                res.source_tok = pobj
            cue = cue or t
            break
    if denied:
        res.status = "denied"
    elif failed:
        res.status = "failed"
    elif res.negated:
        res.status = "denied" if res.reported else "negated"
    elif threatened:
        res.status = "threatened"
    elif hypo:
        res.status = "hypothetical"
    elif planned:
        res.status = "planned"
    elif plover == "THREATEN":
        res.status = "threatened"
    res.cue = cue
    return res


def token_span(tok: Token | None) -> Span | None:
    if tok is None:
        return None
    return Span(tok.idx, tok.idx + len(tok.text), tok.text)


def phrase_text(tok: Token) -> tuple[str, Span]:
    """Surface text of the noun phrase headed by ``tok`` without determiners / relative clauses."""
    toks = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in ("relcl", "acl", "punct", "cc", "appos", "det", "prep", "advcl", "conj"):
                if c.dep_ == "prep" and c.lower_ in ("of", "in") and c.i > tok.i:
                    pass
                else:
                    continue
            toks.append(c)
            stack.append(c)
    toks.sort(key=lambda t: t.i)
    # keep the contiguous run around the head
    start = end = toks.index(tok)
    while start > 0 and toks[start - 1].i == toks[start].i - 1:
        start -= 1
    while end + 1 < len(toks) and toks[end + 1].i == toks[end].i + 1:
        end += 1
    first, last = toks[start], toks[end]
    raw = tok.doc[first.i : last.i + 1].text
    text = raw.strip(" “”\"'’‘")
    if text:
        text = text[0].upper() + text[1:]
    return text, Span(first.idx, last.idx + len(last.text), raw)


QUOTE_PAIRS = {"“": "”", '"': '"'}


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) character offsets of quotations (curly pairs, or straight quotes alternating)."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for i, ch in enumerate(text):
        if open_at is None and ch in QUOTE_PAIRS:
            open_at, closer = i, QUOTE_PAIRS[ch]
        elif open_at is not None and ch == closer:
            out.append((open_at, i))
            open_at = None
        elif ch == "\n":
            open_at = None  # a paragraph ends an unclosed quotation
    return out


def _reporting_verb(sent: SpacySpan, start: int, end: int) -> Token | None:
    """The speech verb of ``sent`` outside the quotation [start, end] (after it: '"...," X said';
    else before it: 'X said: "..."')."""
    after = [t for t in sent if t.idx > end and t.lemma_.lower() in SPEECH and t.pos_ == "VERB"]
    before = [t for t in sent if t.idx < start and t.lemma_.lower() in SPEECH and t.pos_ == "VERB"]
    if after:
        return after[0]
    return before[-1] if before else None


def quoted_speakers(doc: Doc, text: str) -> list[tuple[int, int, Token]]:
    """Quotations running over several sentences with the speaker of their reporting clause:
    '"We will take our own actions. ... ," the President said.' -> (start, end, President)."""
    out: list[tuple[int, int, Token]] = []
    for start, end in _quote_spans(text):
        first, last = doc.char_span(start, start + 1, alignment_mode="expand"), doc.char_span(end, end + 1, alignment_mode="expand")
        if first is None or last is None or first[0].sent.start == last[0].sent.start:
            continue
        verb = _reporting_verb(last[0].sent, start, end) or _reporting_verb(first[0].sent, start, end)
        speaker = _speaker(verb) if verb is not None else None
        if speaker is not None:
            out.append((start, end, speaker))
    return out
