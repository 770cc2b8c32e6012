"""Time resolution: date expressions -> :class:`TimeMention`, the governing time of an event,
and publication-date inference for undated documents.

Public API (see docs/time.md):

- ``resolve_times(doc, document, published=None) -> list[TimeMention]``   (``mentions``)
- ``governing_time(...)``, ``event_time(...)``                            (``attach``)
- ``infer_publication_date(doc, document, kb_events=None)``               (``publication``)
- ``find_dateline(text)``: the publication date a document states in its header (``dateline``)
"""

from __future__ import annotations

from eventwatch.resolve.time.attach import event_time, governing_time
from eventwatch.resolve.time.mentions import parse_expression, resolve_times
from eventwatch.resolve.time.publication import PublicationEstimate, infer_publication_date

__all__ = [
    "PublicationEstimate",
    "event_time",
    "governing_time",
    "infer_publication_date",
    "parse_expression",
    "resolve_times",
]
