"""Re-extract stored documents (after a knowledge-base or gazetteer edit), keeping the record.

Reports are matched to their earlier rows by stable key (document + quote span + type), so a
report extracted again keeps its row, its fused event, its review and its corrections; only
reports whose key changed are retracted and new ones fused.  Event ids therefore survive
whenever an event's founding report does, and analyst decisions (kept apart from machine
output) are re-applied on every read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import or_, select

from eventwatch.models import Document, DocumentResult
from eventwatch.store import Store
from eventwatch.store.schema import DocumentRow, FusedEventRow


class Extractor(Protocol):
    def process(self, documents: Iterable[Document]) -> Iterable[DocumentResult]: ...


@dataclass(frozen=True, slots=True)
class ReprocessResult:
    documents: int
    reports: int
    events_kept: int
    events_gone: list[str]
    events_new: int


def documents_since(store: Store, since: date | None) -> list[Document]:
    """Processed documents published (or, when undated, ingested) on or after ``since``."""
    with store.session() as s:
        q = select(DocumentRow.id).where(DocumentRow.state == "processed")
        if since is not None:
            q = q.where(or_(DocumentRow.published >= since,
                            DocumentRow.published.is_(None) & (DocumentRow.ingested_at >= datetime.combine(since,
                                                                                                          datetime.min.time()))))
        wanted = set(s.scalars(q))
    return [d for d in store.documents() if d.id in wanted]


def _active_events(store: Store) -> set[str]:
    with store.session() as s:
        return set(s.scalars(select(FusedEventRow.id).where(FusedEventRow.state == "active")))


def reprocess(store: Store, extractor: Extractor, since: date | None = None,
              progress: Callable[[int], Any] | None = None) -> ReprocessResult:
    """Run ``extractor`` again over the stored documents (``since`` a date) and re-fuse."""
    documents = documents_since(store, since)
    before = _active_events(store)
    n_docs = n_reports = 0
    for result in extractor.process(documents):
        store.save_result(result)
        n_docs += 1
        n_reports += len(result.events)
        if progress is not None:
            progress(n_docs)
    store.fuse_pending()
    after = _active_events(store)
    return ReprocessResult(n_docs, n_reports, len(before & after), sorted(before - after), len(after - before))
