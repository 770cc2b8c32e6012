"""Cross-source fusion: event reports from different documents -> events.

Pure functions (no database): ``score_pair(a, b)`` (documented features and weights in
:mod:`eventwatch.fuse.features`), ``cluster(reports)`` and ``summarize(members)``
(:mod:`eventwatch.fuse.cluster`).  The store's ``fuse_pending()`` / ``fuse_document()``
run them incrementally over stored reports.  See docs/fusion.md.
"""

from eventwatch.fuse.cluster import (
    THRESHOLD,
    Cluster,
    cluster,
    event_id_for,
    independent_sources,
    pairwise_prf,
    report_key,
    stable_report_key,
    summarize,
)
from eventwatch.fuse.features import WEIGHTS, ActorIndex, features, score_pair

__all__ = [
    "THRESHOLD",
    "WEIGHTS",
    "ActorIndex",
    "Cluster",
    "cluster",
    "event_id_for",
    "features",
    "independent_sources",
    "pairwise_prf",
    "report_key",
    "score_pair",
    "stable_report_key",
    "summarize",
]
