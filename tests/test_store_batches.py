"""One transaction per batch (``Store.save_results``) and the CLI's fallback to per-document writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwatch import cli
from eventwatch.models import Document, DocumentAnalysis, DocumentResult, content_hash
from eventwatch.store import Store


class _Unwritable:
    """An event report whose record cannot be built: the write of its document fails."""

    def to_interchange(self) -> dict[str, Any]:
        raise ValueError("record cannot be built")


def _stored(store: Store, *texts: str) -> list[Document]:
    docs = [Document(id=content_hash(t), doc=f"d{i}", text=t, language="en") for i, t in enumerate(texts)]
    for d in docs:
        assert store.add_document(d)
    return docs


def _states(store: Store) -> dict[str, str | None]:
    return {d.doc: store.document_state(d.id) for d in store.documents()}


def test_a_batch_is_written_in_one_transaction(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    good, bad = _stored(store, "Rebels attacked a post near Kolda.", "The army shelled Tambacounda.")
    results = [DocumentResult(good, DocumentAnalysis(good)),
               DocumentResult(bad, DocumentAnalysis(bad), events=[_Unwritable()])]  # type: ignore[list-item]
    with pytest.raises(ValueError):
        store.save_results(results)
    assert _states(store) == {"d0": "ingested", "d1": "ingested"}  # nothing of the batch was kept
    store.save_results(results[:1])
    assert _states(store) == {"d0": "processed", "d1": "ingested"}


def test_the_run_writes_a_failed_batch_document_by_document(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    good, bad = _stored(store, "Rebels attacked a post near Kolda.", "The army shelled Tambacounda.")
    results = [DocumentResult(good, DocumentAnalysis(good)),
               DocumentResult(bad, DocumentAnalysis(bad), events=[_Unwritable()])]  # type: ignore[list-item]
    counts = [0, 0, 0]
    cli._save_batch(store, results, counts)
    assert counts == [1, 0, 1]
    assert _states(store) == {"d0": "processed", "d1": "failed"}
    [failed] = store.failed_documents()
    assert failed.stage == "store" and "ValueError: record cannot be built" in (failed.reason or "")
