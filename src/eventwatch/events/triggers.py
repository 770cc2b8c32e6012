"""Event-trigger detection: lexicon lookup on lemmas with dependency context."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwatch.events.lexicon import Lexicon, TriggerType

AERIAL_MODIFIERS = frozenset({"air", "aerial", "drone", "missile", "rocket", "artillery", "mortar", "suicide", "car"})
MODIFIER_MODE = {"air": "aerial", "aerial": "aerial", "drone": "aerial", "missile": "shelling",
                 "rocket": "shelling", "artillery": "shelling", "mortar": "shelling",
                 "suicide": "suicide", "car": "explosives", "chemical": "chemical", "ied": "explosives"}
SKIP_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
VERB_POS = frozenset({"VERB"})


@dataclass(slots=True)
class Trigger:
    token: Token
    type: TriggerType
    kind: str  # verb | noun | phrasal | verb_object
    obj: Token | None = None  # counted/moved object for verb_object triggers ("send fighters")
    particle: Token | None = None

    @property
    def plover(self) -> str:
        return self.type.plover


def _noun_mode(tok: Token, tt: TriggerType) -> TriggerType:
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            mode = MODIFIER_MODE.get(c.lower_)
            if mode and tt.plover == "ASSAULT":
                return TriggerType(tt.plover, mode, True, tt.source)
    return tt


def clausal_complement(tok: Token) -> Token | None:
    """The clause a noun like "hope"/"expectation" frames: "hope to complete ...", "hope that X
    will ...", "our expectation is that X will ..." (the noun as subject of a copula)."""
    for c in tok.children:
        if (c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX") and c.i > tok.i
                and any(m.dep_ in ("aux", "mark") and m.lower_ in ("to", "that") for m in c.children)):
            return c
    h = tok.head
    if tok.dep_ == "nsubj" and h.lemma_ == "be":
        for c in h.children:
            if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
                return c
    return None


def _desire_demand(tok: Token) -> bool:
    """'X wants Y to withdraw' (object control) or 'the concessions X wants from Y': a demand on Y;
    'X wants to stay' (subject control) is a wish, not an event."""
    has_obj = any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "PRON") for c in tok.children)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "from" and any(p.pos_ in ("PROPN", "NOUN") for p in c.children):
            return True
        if c.dep_ in ("xcomp", "ccomp") and has_obj:
            return True
        if c.dep_ == "ccomp" and any(s.dep_ == "nsubj" and s.pos_ == "PROPN" for s in c.children) \
                and any(a.lower_ in ("to", "will", "would", "should", "must") for a in c.children if a.dep_ == "aux"):
            return True
    return False


def _light_verb(tok: Token, verbs: frozenset[str]) -> bool:
    """The noun is the object of one of ``verbs`` ("raised the readiness", "put pressure on") or
    carries it as a participle ("the pressure exerted by X on Y")."""
    if tok.head.lemma_.lower() in verbs and tok.dep_ in ("dobj", "nsubjpass"):
        return True
    return any(c.dep_ == "acl" and c.lemma_.lower() in verbs for c in tok.children)


def find_triggers(sentence: SpacySpan, lex: Lexicon, use_cameo: bool = True) -> list[Trigger]:
    out: list[Trigger] = []
    for tok in sentence:
        pos = tok.pos_
        if pos in VERB_POS:
            if tok.dep_ in SKIP_DEPS:
                continue
            lem = tok.lemma_.lower()
            found: Trigger | None = None
            blocked = False
            for c in tok.children:
                if c.dep_ in ("prt", "prep") or (c.dep_ == "dobj" and c.lower_ == "control"):
                    key = (lem, c.lower_)
                    if key in lex.phrasal:
                        tt = lex.phrasal[key]
                        if tt is None:
                            blocked = True
                        else:
                            found = Trigger(tok, tt, "phrasal", particle=c)
                        break
            if found is None and not blocked and lem in lex.verb_object:
                objs, tt = lex.verb_object[lem]
                for c in tok.children:
                    if c.dep_ in ("dobj", "pobj", "attr") and (c.lemma_.lower() in objs or c.lower_ in objs):
                        found = Trigger(tok, tt, "verb_object", obj=c)
                        break
                    if c.dep_ == "prt":
                        for cc in tok.children:
                            if cc.dep_ == "dobj" and cc.lemma_.lower() in objs:
                                found = Trigger(tok, tt, "verb_object", obj=cc)
                if found is not None and found.plover != "AGREE":
                    # "sent fighters to Libya": fine; keep
                    pass
            if found is None and not blocked and lem in lex.desire_verbs and _desire_demand(tok):
                found = Trigger(tok, lex.desire_verbs[lem], "verb")
            if found is None and not blocked:
                tt = lex.verbs.get(lem)
                if tt is not None:
                    found = Trigger(tok, tt, "verb")
                elif use_cameo and (tt := lex.cameo_verbs.get(lem)) is not None:
                    found = Trigger(tok, tt, "verb")
            if found is not None:
                out.append(found)
        elif pos in NOUN_POS:
            if tok.dep_ == "compound":
                continue
            lem = tok.lemma_.lower()
            tt = lex.nouns.get(lem) or lex.nouns.get(tok.lower_)
            if tt is None and lem.endswith("s") and lem[:-1] in lex.nouns:
                tt = lex.nouns[lem[:-1]]
            if tt is None and tok.i >= 2 and tok.doc[tok.i - 1].text == "-":
                # hyphenated nouns split by the tokenizer: "build-ups" -> build / - / ups
                first = tok.doc[tok.i - 2].lower_
                for form in (lem, tok.lower_, tok.lower_[:-1] if tok.lower_.endswith("s") else tok.lower_):
                    tt = lex.nouns.get(f"{first}-{form}")
                    if tt is not None:
                        break
            if tt is not None:
                out.append(Trigger(tok, _noun_mode(tok, tt), "noun"))
                continue
            ft = lex.framing_nouns.get(lem)
            if ft is not None and clausal_complement(tok) is not None:
                out.append(Trigger(tok, ft, "noun"))
                continue
            spec = lex.nouns_modified.get(lem)
            if spec is not None:
                mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound")}
                if (spec["mods"] and mods & spec["mods"]) or (spec["verbs"] and _light_verb(tok, spec["verbs"])):
                    out.append(Trigger(tok, spec["type"], "noun"))
    return out
