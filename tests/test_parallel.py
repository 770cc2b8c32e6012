"""``eventwatch run --workers N``: Dask workers run the same batch function as a single-process run.

The texts are ours (about places in Senegal, as in test_robust_pipeline.py).  Tests that need a
Dask LocalCluster skip, saying why, when one cannot start here.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwatch import cli, parallel
from eventwatch.budget import Budget
from eventwatch.models import Document, DocumentResult, content_hash

SENTENCES = [
    "Militia fighters attacked a police post near Kolda on Tuesday, killing three officers.",
    "The army shelled rebel positions outside Tambacounda on Monday, residents said.",
    "Protesters blocked the main road into Ziguinchor on Friday and police arrested twelve students.",
    "Two soldiers were wounded when a roadside bomb struck their patrol near Bignona on Sunday.",
    "Gunmen kidnapped a village chief in Sedhiou on Wednesday, his family said.",
]
POISON = "KILL-THE-WORKER"


def _texts(n: int) -> list[str]:
    """Up to ten distinct two-sentence texts (different enough not to be near-duplicates)."""
    pairs = [(a, b) for a in range(len(SENTENCES)) for b in range(len(SENTENCES)) if a < b]
    return [f"{SENTENCES[b]} {SENTENCES[a]}" for a, b in pairs[:n]]


def _doc(text: str, name: str) -> Document:
    return Document(id=content_hash(text), doc=name, text=text, language="en", source_path=f"{name}.txt")


def fatal_on_marker(documents: list[Document], budget: Budget) -> list[DocumentResult]:
    """The real batch function, except that a document carrying POISON kills its worker process."""
    if any(POISON in d.text for d in documents):
        os._exit(13)
    return parallel.extract_batch(documents, budget)


def _cluster_or_skip(**kwargs: object) -> parallel.DaskExtractor:
    pytest.importorskip("distributed", reason="Dask distributed is not installed")
    extractor = parallel.DaskExtractor(Budget(None, None), **kwargs)  # type: ignore[arg-type]
    try:
        extractor.__enter__()
    except Exception as e:  # noqa: BLE001 - any failure to start a cluster here is a skip, with its reason
        pytest.skip(f"a Dask LocalCluster cannot start here: {type(e).__name__}: {e}")
    return extractor


@pytest.fixture(scope="module")
def extractor() -> Iterator[parallel.DaskExtractor]:
    import cloudpickle  # type: ignore[import-untyped]

    # the workers cannot import this test module: ship fatal_on_marker by value
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ex = _cluster_or_skip(workers=2, batch_size=2, task=fatal_on_marker)
    try:
        ex.warm_up()
        yield ex
    finally:
        ex.__exit__(None, None, None)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


def test_batches_stream_in_order_with_a_short_last_batch() -> None:
    docs = [_doc(t, f"d{i}") for i, t in enumerate(_texts(5))]
    got = list(parallel.batches(iter(docs), 2))
    assert [[d.doc for d in b] for b in got] == [["d0", "d1"], ["d2", "d3"], ["d4"]]


def test_a_document_whose_task_fails_on_the_worker_is_quarantined_with_the_reason() -> None:
    pytest.importorskip("distributed", reason="Dask distributed is not installed")
    result = parallel.quarantined(_doc("text", "q"), ModuleNotFoundError("No module named 'eventwatch'"))
    assert result.failure is not None and result.failure.stage == "worker" and result.events == []
    assert "its task failed on the worker" in result.failure.reason
    assert "ModuleNotFoundError: No module named 'eventwatch'" in result.failure.reason


def _stored_reports(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT document_id, key, data FROM event_reports WHERE state = 'active'"))


def _states(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT doc, state FROM documents"))


def test_two_workers_store_the_same_reports_as_one(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="Dask distributed is not installed")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, text in enumerate(_texts(10)):
        (inputs / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    stored = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.sqlite"
        r = runner.invoke(cli.app, ["run", str(inputs), "--db", str(db), "--published", "2024-03-05",
                                    "--workers", str(workers), "--no-show"])
        if workers == 2 and r.exit_code != 0 and "LocalCluster" in repr(r.exception):
            pytest.skip(f"a Dask LocalCluster cannot start here: {r.exception!r}")
        assert r.exit_code == 0, r.output + repr(r.exception)
        assert set(_states(db).values()) == {"processed"}
        stored[workers] = _stored_reports(db)
    assert stored[1], "the texts must give reports, or the comparison proves nothing"
    assert stored[2] == stored[1]


def test_a_killed_worker_loses_no_document(extractor: parallel.DaskExtractor) -> None:
    docs = [_doc(t, f"k{i}") for i, t in enumerate(_texts(10))]
    pids = list(extractor.worker_pids().values())
    seen: list[DocumentResult] = []
    for n, results in enumerate(extractor.results(docs)):
        seen.extend(results)
        if n == 0:
            os.kill(pids[0], signal.SIGKILL)  # the other batches in flight on it are retried elsewhere
    assert sorted(r.document.doc for r in seen) == sorted(d.doc for d in docs)
    assert all(r.failure is None for r in seen)
    assert len(extractor.worker_pids()) >= 1


def test_a_document_that_kills_workers_twice_is_quarantined_and_the_rest_is_processed(
    extractor: parallel.DaskExtractor,
) -> None:
    texts = _texts(5)
    texts[2] = f"{POISON} {texts[2]}"
    docs = [_doc(t, f"p{i}") for i, t in enumerate(texts)]
    results = {r.document.doc: r for batch in extractor.results(docs) for r in batch}
    assert sorted(results) == [d.doc for d in docs]
    bad = results["p2"].failure
    assert bad is not None and bad.stage == "worker"
    assert "quarantined: killed its worker twice (KilledWorker" in bad.reason
    assert all(results[name].failure is None for name in results if name != "p2")
    assert sum(len(r.events) for r in results.values()) > 0
