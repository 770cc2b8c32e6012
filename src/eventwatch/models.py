"""The typed data model shared by every pipeline stage.

Every extracted field carries its evidence as a :class:`Span`: character offsets into
``Document.text`` (the cleaned text that the NLP stage saw).  Stages exchange these
plain dataclasses; only the store knows about database rows.

Pipeline:  ingest -> nlp -> resolve (actors, places, time) -> events -> fuse -> store
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

EXTRACTOR_VERSION = "0.1.0"

Precision = Literal["day", "week", "month", "year"]
Status = Literal[
    "occurred", "claimed", "planned", "threatened", "failed", "denied", "hypothetical", "historical"
]
STATUSES: tuple[str, ...] = (
    "occurred", "claimed", "planned", "threatened", "failed", "denied", "hypothetical", "historical",
)


def content_hash(text: str) -> str:
    """Stable document id: sha256 of the raw content (first 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of evidence: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Removed:
    """A part of the raw input that ingestion dropped (boilerplate, reader comments)."""

    kind: str  # "boilerplate" | "comments" | "html"
    text: str
    start: int | None = None  # offsets into the raw text when known
    end: int | None = None


@dataclass(slots=True)
class Document:
    """One input article after ingestion (cleaned text, metadata, provenance)."""

    id: str  # content hash of the raw text
    doc: str  # external id: the docs.jsonl "doc" id or the input file stem
    text: str  # cleaned text; every Span offset points into this
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    published_source: str | None = None  # "metadata" | "header" | "override" | "inferred"
    published_confidence: float | None = None
    published_evidence: str | None = None
    language: str | None = None
    source_path: str | None = None
    ingested_at: datetime | None = None
    removed: list[Removed] = field(default_factory=list)
    near_duplicate_of: str | None = None  # id of the original when this is a near-duplicate
    raw_sha: str | None = None
    ingest_note: str | None = None  # how ingestion had to repair the input (e.g. "not valid UTF-8; decoded as cp1252")

    @property
    def is_english(self) -> bool:
        return (self.language or "en") == "en"


@dataclass(slots=True)
class IngestError:
    """One input that could not be ingested; reported as one line, the batch goes on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# --------------------------------------------------------------------------- actors
@dataclass(slots=True)
class ActorMention:
    """An actor named (or referred to) in the text, resolved against the knowledge base."""

    span: Span
    actor_id: str | None  # KB id; None for unknown organisation-like spans
    name: str  # canonical name (time-appropriate) or the surface text when unknown
    how: str = "exact"  # exact | normalised | fuzzy | coref | composite | person | unknown | event_type
    person: str | None = None  # the speaker when a person resolves to an organisation
    confidence: float = 1.0


# --------------------------------------------------------------------------- places
@dataclass(slots=True)
class PlaceMention:
    """A toponym (or relative description) resolved to a gazetteer entry."""

    span: Span
    name: str  # gazetteer name, or the surface text when unresolved
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None  # ISO2
    feature: str | None = None  # city, village, road, mountain, admin1, admin2, crossing, base, zone...
    precision: int = 1  # ACLED-style 1 site, 2 near / small area / road segment, 3 province or larger
    reason: str = ""  # why this candidate won, or why unresolved

    @property
    def resolved(self) -> bool:
        return self.lat is not None


# --------------------------------------------------------------------------- time
@dataclass(slots=True)
class TimeMention:
    """A date expression normalised against the document's publication date."""

    span: Span
    date: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: Precision
    end: str | None = None  # YYYY-MM-DD for ranges
    future: bool = False
    relative: bool = False  # resolved against the publication date


# --------------------------------------------------------------------------- events
@dataclass(slots=True)
class Quantity:
    kind: str  # killed | injured | fighters | vehicles | people | ...
    value: int  # best single figure (upper bound for "up to")
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None  # "up to", "at least", "about", "dozens"...
    span: Span | None = None


@dataclass(slots=True)
class EventReport:
    """One event as one document reports it."""

    doc: str
    plover: str
    quote: Span
    trigger: Span
    mode: str | None = None
    acled: tuple[str, str] | None = None
    actor1: list[ActorMention] = field(default_factory=list)
    actor2: list[ActorMention] = field(default_factory=list)
    where: list[PlaceMention] = field(default_factory=list)
    when: TimeMention | None = None
    status: str = "occurred"
    status_cue: Span | None = None
    source: str | None = None
    source_span: Span | None = None
    fatalities: int | None = None
    injured: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    confidence: float = 0.5
    extractor_version: str = EXTRACTOR_VERSION
    id: str = ""  # doc-local id, set by the pipeline

    def to_interchange(self) -> dict[str, Any]:
        """The evaluation interchange format (shared eval README), plus evidence."""

        def names(ms: list[ActorMention]) -> list[str]:
            out: list[str] = []
            for m in ms:
                if m.name not in out:
                    out.append(m.name)
            return out

        return {
            "doc": self.doc,
            "id": self.id,
            "plover": self.plover,
            "mode": self.mode,
            "acled": list(self.acled) if self.acled else None,
            "actor1": names(self.actor1),
            "actor2": names(self.actor2),
            "where": [
                {
                    "name": p.name,
                    "admin1": p.admin1,
                    "country": p.country,
                    "lat": p.lat,
                    "lon": p.lon,
                    "precision": p.precision,
                }
                for p in self.where
                if p.resolved
            ],
            "when": (
                {"date": self.when.date, "precision": self.when.precision}
                | ({"end": self.when.end} if self.when.end else {})
                if self.when
                else None
            ),
            "status": self.status,
            "source": self.source,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "quote": self.quote.text,
            "confidence": round(self.confidence, 3),
            "extractor_version": self.extractor_version,
            "evidence": {
                "quote": self.quote.to_dict(),
                "trigger": self.trigger.to_dict(),
                "actor1": [m.span.to_dict() for m in self.actor1],
                "actor2": [m.span.to_dict() for m in self.actor2],
                "where": [p.span.to_dict() for p in self.where],
                "when": self.when.span.to_dict() if self.when else None,
                "status": self.status_cue.to_dict() if self.status_cue else None,
                "source": self.source_span.to_dict() if self.source_span else None,
                "quantities": [asdict(q) for q in self.quantities],
            },
        }


@dataclass(slots=True)
class DocumentAnalysis:
    """Everything the resolve stages found in one document; input of the events stage."""

    document: Document
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)


@dataclass(slots=True)
class DocumentFailure:
    """One document the pipeline could not process: recorded on the document, the batch goes on."""

    document: Document
    stage: str  # nlp | resolve | events | budget | store
    reason: str  # one line

    def __str__(self) -> str:
        return f"{self.document.source_path or self.document.doc}: {self.stage}: {self.reason}"


@dataclass(slots=True)
class DocumentResult:
    """What the pipeline found in one document: the store's unit of work."""

    document: Document
    analysis: DocumentAnalysis
    events: list[EventReport] = field(default_factory=list)
    failure: DocumentFailure | None = None  # set when a stage failed: nothing was extracted
