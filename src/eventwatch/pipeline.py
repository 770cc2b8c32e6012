"""Orchestration: ingest -> nlp -> resolve (actors, places, time) -> events.

``Pipeline`` holds the loaded resources (knowledge base, gazetteer, spaCy pipeline)
and turns ingested :class:`~eventwatch.models.Document` objects into
:class:`~eventwatch.models.EventReport` lists, batching the spaCy work with ``nlp.pipe``.
It knows nothing about storage; the CLI couples it to the store.

Every document runs under its own guard: an exception in any stage, or a spent
:class:`~eventwatch.budget.Budget`, yields a result whose ``failure`` names the stage and
the reason, and the batch goes on.  Documents longer than one section
(:mod:`eventwatch.sections`) are processed section by section, so their cost is linear in
their length.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from eventwatch.budget import Budget, BudgetExceeded
from eventwatch.events import extract_events
from eventwatch.models import Document, DocumentAnalysis, DocumentFailure, DocumentResult, EventReport
from eventwatch.nlp.pipeline import load_nlp
from eventwatch.resolve.actors import resolve_actors
from eventwatch.resolve.gazetteer import Gazetteer
from eventwatch.resolve.kb import KnowledgeBase
from eventwatch.resolve.places import resolve_places
from eventwatch.resolve.time import infer_publication_date, resolve_times
from eventwatch.sections import SECTION_CHARS, shift_spans, split_sections

log = logging.getLogger(__name__)
T = TypeVar("T")


class _StageFailed(Exception):
    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(reason)
        self.stage, self.reason = stage, reason


class Pipeline:
    """Loaded resources plus the stage sequence.  Build once, feed many documents."""

    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        gazetteer: Gazetteer | None = None,
        budget: Budget | None = None,
        section_chars: int = SECTION_CHARS,
        nlp: Language | None = None,
    ) -> None:
        self.kb = kb or KnowledgeBase.load()
        self.gazetteer = gazetteer or Gazetteer.load()
        self.nlp = nlp if nlp is not None else load_nlp(self.kb, self.gazetteer)
        self.budget = budget or Budget()
        self.section_chars = section_chars

    def process(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[DocumentResult]:
        """Run every stage over ``documents``; yields one :class:`DocumentResult` per document, in order.

        Non-English documents are passed through without extraction (they are stored and
        flagged, never run through an English model).  A document that fails carries
        ``result.failure`` (stage, reason) and no events.
        """
        english: list[Document] = []
        for document in documents:
            single = len(split_sections(document.text, self._section_limit())) == 1
            if not document.is_english or document.near_duplicate_of or not single:
                if english:
                    yield from self._process_english(english, batch_size)
                    english = []
                if not document.is_english or document.near_duplicate_of:
                    yield DocumentResult(document, DocumentAnalysis(document))
                else:
                    yield self._guarded(document, self._process_sections)
                continue
            english.append(document)
            if len(english) >= batch_size:
                yield from self._process_english(english, batch_size)
                english = []
        if english:
            yield from self._process_english(english, batch_size)

    def _process_english(self, documents: list[Document], batch_size: int) -> Iterator[DocumentResult]:
        """Short documents, parsed in one ``nlp.pipe`` batch; one bad document fails alone."""
        try:
            docs: list[Doc] | None = list(self.nlp.pipe((d.text for d in documents), batch_size=batch_size))
        except Exception:
            log.debug("batch parse failed; parsing its documents one by one", exc_info=True)
            docs = None
        for n, document in enumerate(documents):
            parsed = docs[n] if docs is not None else None
            yield self._guarded(document, functools.partial(self._process_one, parsed=parsed))

    def _guarded(self, document: Document, fn: Callable[[Document, Budget], DocumentResult]) -> DocumentResult:
        budget = self.budget.restart()
        try:
            return fn(document, budget)
        except _StageFailed as e:
            failure = DocumentFailure(document, e.stage, e.reason)
        except BudgetExceeded as e:
            failure = DocumentFailure(document, "budget", str(e))
        log.info("%s", failure)
        return DocumentResult(document, DocumentAnalysis(document), failure=failure)

    def _process_one(self, document: Document, budget: Budget, parsed: Doc | None) -> DocumentResult:
        doc = parsed if parsed is not None else _stage("nlp", lambda: self.nlp(document.text))
        budget.check("after parsing")
        return self._resolve_and_extract(doc, document, budget)

    def _process_sections(self, document: Document, budget: Budget) -> DocumentResult:
        """A long document: each section parsed, resolved and extracted on its own; offsets shifted back."""
        bounds = split_sections(document.text, self._section_limit())
        analysis = DocumentAnalysis(document)
        events: list[EventReport] = []
        texts = (document.text[a:b] for a, b in bounds)
        parsed = _stage("nlp", lambda: self.nlp.pipe(texts, batch_size=4))
        for n, (start, end) in enumerate(bounds, 1):
            doc = _stage("nlp", lambda: next(parsed))
            section = dataclasses.replace(document, text=document.text[start:end], removed=[])
            result = self._resolve_and_extract(doc, section, budget, number=False)
            for name in ("published", "published_source", "published_confidence", "published_evidence"):
                setattr(document, name, getattr(section, name))  # a date inferred in section 1 holds for the rest
            seen: dict[int, object] = {}
            analysis.actors.extend(shift_spans(result.analysis.actors, start, seen))
            analysis.places.extend(shift_spans(result.analysis.places, start, seen))
            analysis.times.extend(shift_spans(result.analysis.times, start, seen))
            events.extend(shift_spans(result.events, start, seen))
            budget.check(f"section {n} of {len(bounds)}")
        _number(events, document)
        return DocumentResult(document, analysis, events)

    def _section_limit(self) -> int:
        """No section is longer than spaCy accepts (``nlp.max_length``, error E088)."""
        return max(1, min(self.section_chars, self.nlp.max_length - 1))

    def process_doc(self, doc: Doc, document: Document) -> DocumentResult:
        """The resolve and events stages over one parsed document (no budget, exceptions raise)."""
        return self._resolve_and_extract(doc, document, Budget(None, None))

    def _resolve_and_extract(self, doc: Doc, document: Document, budget: Budget, number: bool = True) -> DocumentResult:
        if document.published is None:
            estimate = _stage("resolve", lambda: infer_publication_date(doc, document))
            if estimate is not None:
                document.published = estimate.date
                document.published_source = "inferred"
                document.published_confidence = estimate.confidence
                document.published_evidence = estimate.evidence
        analysis = _stage("resolve", lambda: DocumentAnalysis(
            document=document,
            actors=resolve_actors(doc, document, self.kb),
            places=resolve_places(doc, document, self.gazetteer),
            times=resolve_times(doc, document),
        ))
        budget.check("after resolving")
        events = _stage("events", lambda: extract_events(doc, analysis, self.kb))
        if number:
            _number(events, document)
        return DocumentResult(document, analysis, events)


def _number(events: list[EventReport], document: Document) -> None:
    for n, event in enumerate(events, 1):
        event.doc = document.doc
        event.id = f"{document.doc}-{n:03d}"


def _stage(stage: str, fn: Callable[[], T]) -> T:
    """Run one stage; any exception becomes a one-line failure naming the stage."""
    try:
        return fn()
    except (BudgetExceeded, _StageFailed):
        raise
    except Exception as e:
        log.debug("stage %s failed", stage, exc_info=True)
        raise _StageFailed(stage, " ".join(f"{type(e).__name__}: {e}".split())[:500]) from e
