"""Issue 15: no document can stop, poison or exhaust a run (pipeline and CLI processing loop).

Hostile inputs are generated here; the pipeline reuses the session's spaCy model."""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwatch import cli
from eventwatch import pipeline as pipeline_mod
from eventwatch.budget import Budget, BudgetExceeded
from eventwatch.models import Document, Span, content_hash
from eventwatch.pipeline import Pipeline
from eventwatch.sections import shift_spans, split_sections

SENTENCES = [
    "Militia fighters attacked a police post near Kolda on Tuesday, killing three officers.",
    "The army shelled rebel positions outside Tambacounda, residents said.",
    "Protesters blocked the main road into Ziguinchor to demand the release of detained students.",
    "Two soldiers were wounded when a roadside bomb struck their patrol near Bignona.",
]


def _article(paragraphs: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(SENTENCES) for _ in range(4)) for _ in range(paragraphs))


def _doc(text: str, name: str = "t") -> Document:
    return Document(id=content_hash(text), doc=name, text=text, language="en", source_path=f"{name}.txt")


@pytest.fixture()
def pipe(nlp, kb, gazetteer) -> Pipeline:
    return Pipeline(kb, gazetteer, nlp=nlp, budget=Budget(None, None))


# ------------------------------------------------------------------ sections
def test_sections_cover_the_text_in_order_within_the_limits() -> None:
    text = _article(40) + "\n\n" + "x" * 5000 + " " + "\"" * 3000 + "\n\nThe end."
    bounds = split_sections(text, max_chars=2000, max_run=500)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b for a, b in bounds) and all(b == c for (_, b), (c, _) in itertools.pairwise(bounds))
    assert max(b - a for a, b in bounds) <= 2000
    assert all(max((len(w) for w in text[a:b].split()), default=0) <= 500 for a, b in bounds)
    assert split_sections("short text.", max_chars=2000) == [(0, 11)]


def test_paragraph_boundaries_are_preferred() -> None:
    text = _article(10)
    for _a, b in split_sections(text, max_chars=1200)[:-1]:
        assert text[b - 2:b] == "\n\n"  # cut after a blank line, never inside a paragraph


def test_shift_spans_moves_every_span_once() -> None:
    from eventwatch.models import ActorMention, EventReport

    m = ActorMention(Span(2, 5, "abc"), "x", "X")
    ev = EventReport(doc="d", plover="ASSAULT", quote=Span(0, 9, "q"), trigger=Span(1, 3, "t"), actor1=[m])
    shift_spans([m], 100, seen := {})
    shift_spans([ev], 100, seen)
    assert (m.span.start, ev.quote.start, ev.trigger.end, ev.actor1[0].span.start) == (102, 100, 103, 102)


# ------------------------------------------------------------------ pipeline
def test_a_long_document_is_processed_in_sections_with_document_offsets(pipe: Pipeline) -> None:
    text = _article(30, seed=3)
    pipe.section_chars = 3000
    assert len(split_sections(text, 3000)) > 3
    [result] = pipe.process([_doc(text)])
    assert result.failure is None and len(result.events) > 5
    for e in result.events:
        for span in (e.quote, e.trigger, *(m.span for m in e.actor1 + e.actor2), *(p.span for p in e.where)):
            assert text[span.start:span.end] == span.text
    assert [e.id for e in result.events] == [f"t-{n:03d}" for n in range(1, len(result.events) + 1)]


def test_a_document_longer_than_spacy_max_length_is_not_an_error(pipe: Pipeline) -> None:
    text = _article(12, seed=5)
    saved = pipe.nlp.max_length
    pipe.nlp.max_length = 2000  # E088 for any longer text handed to spaCy whole
    try:
        [result] = pipe.process([_doc(text)])
    finally:
        pipe.nlp.max_length = saved
    assert result.failure is None and result.events


def test_a_failing_stage_fails_only_its_document(pipe: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline_mod.resolve_places

    def fragile(doc, document, gazetteer):  # type: ignore[no-untyped-def]
        if "Kolda" in document.text:
            raise ValueError("gazetteer exploded\nwith a second line")
        return real(doc, document, gazetteer)

    monkeypatch.setattr(pipeline_mod, "resolve_places", fragile)
    bad, good = _doc(SENTENCES[0], "bad"), _doc(SENTENCES[1], "good")
    results = list(pipe.process([bad, good]))
    assert [r.document.doc for r in results] == ["bad", "good"]
    assert results[0].failure is not None and results[0].failure.stage == "resolve"
    assert results[0].failure.reason == "ValueError: gazetteer exploded with a second line"
    assert results[1].failure is None and results[1].events


def test_the_budget_fails_the_document_not_the_run(pipe: Pipeline) -> None:
    pipe.budget = Budget(seconds=0.0, memory_mb=None)
    pipe.section_chars = 2000
    [result] = pipe.process([_doc(_article(10))])
    assert result.failure is not None and result.failure.stage == "budget"
    assert "time budget of 0s exceeded" in result.failure.reason
    pipe.budget = Budget(seconds=None, memory_mb=1.0, fixed_baseline_mb=0.0)  # any process is bigger than 1 MB
    [result] = pipe.process([_doc(SENTENCES[2])])
    assert result.failure is not None and "memory budget of 1 MB exceeded" in result.failure.reason


# ------------------------------------------------------------------ the command line
def _integrity_ok(db: Path) -> None:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_run_records_a_failed_document_goes_on_and_can_retry(
    tmp_path: Path, nlp, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(pipeline_mod, "load_nlp", lambda kb, gazetteer: nlp)
    real = pipeline_mod.resolve_places
    poisoned = {"on": True}

    def fragile(doc, document, gazetteer):  # type: ignore[no-untyped-def]
        if poisoned["on"] and "POISON" in document.text:
            raise RuntimeError("boom")
        return real(doc, document, gazetteer)

    monkeypatch.setattr(pipeline_mod, "resolve_places", fragile)
    (tmp_path / "a_bad.txt").write_text("POISON. " + SENTENCES[0], encoding="utf-8")
    (tmp_path / "b_good.txt").write_text(SENTENCES[1], encoding="utf-8")
    (tmp_path / "c_later.txt").write_text(SENTENCES[3], encoding="utf-8")
    db = tmp_path / "ew.sqlite"
    runner = CliRunner()
    r = runner.invoke(cli.app, ["run", str(tmp_path / "a_bad.txt"), str(tmp_path / "b_good.txt"),
                                "--db", str(db), "--no-show"])
    assert r.exit_code == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert lines == [f"error: {tmp_path / 'a_bad.txt'}: resolve: RuntimeError: boom"]
    stats = json.loads(runner.invoke(cli.app, ["stats", "--json", "--db", str(db)]).stdout)
    assert stats["documents_by_state"] == {"failed": 1, "processed": 1}
    assert stats["failed_documents"] == {"resolve": 1}
    listed = runner.invoke(cli.app, ["documents", "--failed", "--json", "--db", str(db)]).stdout.splitlines()
    assert [json.loads(x)["stage"] for x in listed] == ["resolve"]
    # the next run on the same database works, and does not retry the failed document by itself
    r = runner.invoke(cli.app, ["run", str(tmp_path / "c_later.txt"), "--db", str(db), "--no-show"])
    assert r.exit_code == 0, r.output
    assert "from 1 document(s)" in r.stdout
    poisoned["on"] = False
    r = runner.invoke(cli.app, ["run", str(tmp_path / "c_later.txt"), "--retry-failed", "--db", str(db),
                                "--no-show"])
    assert r.exit_code == 0 and "from 1 document(s)" in r.stdout
    stats = json.loads(runner.invoke(cli.app, ["stats", "--json", "--db", str(db)]).stdout)
    assert stats["documents_by_state"] == {"processed": 3} and stats["failed_documents"] == {}
    _integrity_ok(db)


def test_run_fails_a_runaway_document_by_its_budget(
    tmp_path: Path, nlp, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(pipeline_mod, "load_nlp", lambda kb, gazetteer: nlp)
    rng = random.Random(7)
    words = " ".join(rng.choice(SENTENCES[0].split()) for _ in range(40_000))  # one 300 KB line
    (tmp_path / "long.txt").write_text(words, encoding="utf-8")
    (tmp_path / "good.txt").write_text(SENTENCES[1], encoding="utf-8")
    db = tmp_path / "ew.sqlite"
    r = CliRunner().invoke(cli.app, ["run", str(tmp_path), "--db", str(db), "--doc-timeout", "0.5", "--no-show"])
    assert r.exit_code == 1
    [line] = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert line.startswith(f"error: {tmp_path / 'long.txt'}: budget: time budget of 0.5s exceeded")
    assert "from 1 document(s)" in r.stdout  # good.txt went on
    _integrity_ok(db)


def test_the_memory_budget_counts_what_the_document_adds_not_the_process() -> None:
    # a long-lived process (server, tests, a worker) already holds models: that is not the document's
    budget = Budget(seconds=None, memory_mb=50.0)
    budget.check("start")  # the process may hold far more than 50 MB
    ballast = bytearray(200 * 1024 * 1024)  # the document's own 200 MB
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page so it is resident
    try:
        budget.check("after")
        raise AssertionError("200 MB over a 50 MB budget was not caught")
    except BudgetExceeded as e:
        assert "memory budget of 50 MB exceeded" in str(e)
    finally:
        del ballast
