"""Orchestration: ingest -> nlp -> resolve (actors, places, time) -> events.

``Pipeline`` holds the loaded resources (knowledge base, gazetteer, spaCy pipeline)
and turns ingested :class:`~eventwatch.models.Document` objects into
:class:`~eventwatch.models.EventReport` lists, batching the spaCy work with ``nlp.pipe``.
It knows nothing about storage; the CLI couples it to the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from eventwatch.events import extract_events
from eventwatch.models import Document, DocumentAnalysis, DocumentResult
from eventwatch.nlp.pipeline import load_nlp
from eventwatch.resolve.actors import resolve_actors
from eventwatch.resolve.gazetteer import Gazetteer
from eventwatch.resolve.kb import KnowledgeBase
from eventwatch.resolve.places import resolve_places
from eventwatch.resolve.time import infer_publication_date, resolve_times


class Pipeline:
    """Loaded resources plus the stage sequence.  Build once, feed many documents."""

    def __init__(self, kb: KnowledgeBase | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.kb = kb or KnowledgeBase.load()
        self.gazetteer = gazetteer or Gazetteer.load()
        self.nlp = load_nlp(self.kb, self.gazetteer)

    def process(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[DocumentResult]:
        """Run every stage over ``documents``; yields one :class:`DocumentResult` per document, in order.

        Non-English documents are passed through without extraction (they are stored and
        flagged, never run through an English model).
        """
        english: list[Document] = []
        for document in documents:
            if not document.is_english or document.near_duplicate_of:
                if english:
                    yield from self._process_english(english, batch_size)
                    english = []
                yield DocumentResult(document, DocumentAnalysis(document))
                continue
            english.append(document)
            if len(english) >= batch_size:
                yield from self._process_english(english, batch_size)
                english = []
        if english:
            yield from self._process_english(english, batch_size)

    def _process_english(self, documents: list[Document], batch_size: int) -> Iterator[DocumentResult]:
        pairs = ((d.text, d) for d in documents)
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self.process_doc(doc, document)

    def process_doc(self, doc: Doc, document: Document) -> DocumentResult:
        """The resolve and events stages over one parsed document."""
        if document.published is None:
            estimate = infer_publication_date(doc, document)
            if estimate is not None:
                document.published = estimate.date
                document.published_source = "inferred"
                document.published_confidence = estimate.confidence
                document.published_evidence = estimate.evidence
        analysis = DocumentAnalysis(
            document=document,
            actors=resolve_actors(doc, document, self.kb),
            places=resolve_places(doc, document, self.gazetteer),
            times=resolve_times(doc, document),
        )
        events = extract_events(doc, analysis, self.kb)
        for n, event in enumerate(events, 1):
            event.doc = document.doc
            event.id = f"{document.doc}-{n:03d}"
        return DocumentResult(document, analysis, events)
