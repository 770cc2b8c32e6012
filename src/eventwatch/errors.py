"""Package exceptions.

Per-input problems during ingestion are *not* raised: they are yielded as
:class:`eventwatch.models.IngestError` values so a batch goes on.  Exceptions here are
for misconfiguration the caller must fix (e.g. an explicit ``--docs-meta`` file that
cannot be read).
"""

from __future__ import annotations


class EventwatchError(Exception):
    """Base class of every exception eventwatch raises on purpose."""


class IngestFailure(EventwatchError):
    """Ingestion cannot go on: e.g. a malformed metadata file (the message names file and line)."""
