"""Issue 15: store-side hardening: literal text filters, safe CSV cells, concurrent runs."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from eventwatch import export as exporting
from eventwatch.export_safety import csv_cell
from eventwatch.models import Document, DocumentAnalysis, DocumentResult, EventReport, Span, content_hash
from eventwatch.store import EventFilter, Store
from eventwatch.store.locking import database_lock


def _save(store: Store, text: str, doc: str) -> None:
    d = Document(id=content_hash(text), doc=doc, text=text, language="en")
    ev = EventReport(doc=doc, plover="ASSAULT", quote=Span(0, len(text), text), trigger=Span(0, 3, text[:3]),
                     id=f"{doc}-001")
    store.save_result(DocumentResult(d, DocumentAnalysis(d), [ev]))


def test_the_text_filter_takes_percent_and_underscore_literally(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "ew.sqlite"))
    _save(store, "Shelling destroyed about 50% of the homes in Tessit.", "pct")
    _save(store, "Some 500 fighters attacked Tessit at dawn.", "num")
    _save(store, "The group known as ab_cd claimed the raid.", "under")
    _save(store, "The group known as abXcd denied the raid.", "plain")
    assert [r["doc"] for r in store.events(EventFilter(text="50%"))] == ["pct"]
    assert [r["doc"] for r in store.events(EventFilter(text="ab_cd"))] == ["under"]
    assert store.events(EventFilter(text="%")) and len(store.events(EventFilter(text="%"))) == 1


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted() -> None:
    assert [csv_cell(v) for v in ("=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\t=1", "plain", -3.5, None)] == [
        "'=cmd|' /C calc'!A0", "'+1", "'-2+3", "'@SUM(A1)", "'\t=1", "plain", -3.5, None]
    record = {"doc": "d", "id": "d-001", "plover": "ASSAULT", "actor1": ["=HYPERLINK(\"http://x\")"], "actor2": [],
              "where": [], "when": None, "status": "occurred", "quote": "=cmd|' /C calc'!A0", "confidence": 0.5}
    buf = io.StringIO()
    exporting.write([record], "csv", buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["quote"] == "'=cmd|' /C calc'!A0"
    assert not any(v.startswith(("=", "+", "@")) for v in row.values() if v)


def test_the_database_lock_makes_writers_take_turns(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "ew.sqlite"))
    order: list[str] = []
    waited = threading.Event()

    def second() -> None:
        with database_lock(store.engine, "run", on_wait=waited.set):
            order.append("second")

    with store.exclusive():
        t = threading.Thread(target=second)
        t.start()
        assert waited.wait(10)  # it had to wait, and said so
        time.sleep(0.05)
        order.append("first")
    t.join(10)
    assert order == ["first", "second"]


def _ingest_cmd(db: Path, inputs: Path) -> list[str]:
    return [sys.executable, "-m", "eventwatch", "ingest", str(inputs), "--db", str(db)]


@pytest.mark.parametrize("trial", range(3))
def test_two_concurrent_ingests_on_a_new_database_lose_nothing(tmp_path: Path, trial: int) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(12):
        (inputs / f"d{n:02d}.txt").write_text(f"Report {n}: gunmen attacked village number {n} near Gao "
                                              f"on Monday, killing {n + 1} people.", encoding="utf-8")
    db = tmp_path / "new.sqlite"  # does not exist yet: both processes race to create and migrate it
    procs = [subprocess.Popen(_ingest_cmd(db, inputs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert "Traceback" not in "".join(o[1] for o in outs)
    new_counts = sorted(int(o[0].split("ingested ")[1].split()[0]) for o in outs)
    assert new_counts == [0, 12]  # one stored them all, the other found them stored
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 12
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stats = json.loads(subprocess.run([sys.executable, "-m", "eventwatch", "stats", "--json", "--db", str(db)],
                                      capture_output=True, text=True, check=True).stdout)
    assert stats["documents"] == 12
