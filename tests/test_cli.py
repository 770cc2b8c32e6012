"""End to end through the command line: run, events, export, stats, eval, kill and resume."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, SEEDS

pytestmark = pytest.mark.slow


def ew(*args: str, db: Path | None = None, check: bool = True, **kw) -> subprocess.CompletedProcess:
    env = os.environ | {"COLUMNS": "200"}
    if db is not None:
        env["EVENTWATCH_DB"] = str(db)
    proc = subprocess.run([sys.executable, "-m", "eventwatch", *args], capture_output=True, text=True, env=env,
                          check=False, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(f"eventwatch {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "ew.sqlite"
    ew("run", str(SEEDS), "--no-show", db=db)
    return db


def test_every_command_has_help():
    for command in ["ingest", "run", "events", "export", "eval", "stats", "actors", "kb", "gazetteer"]:
        out = ew(command, "--help").stdout
        assert "Usage" in out, command


def test_run_extracts_events_from_all_five_sample_articles(sample_db):
    records = [json.loads(line) for line in ew("events", "--json", "--per", "report", db=sample_db).stdout.splitlines()]
    assert {r["doc"] for r in records} == {p.stem for p in SEEDS.glob("*.txt")}
    for r in records:
        quote = r["evidence"]["quote"]
        assert quote["text"] == r["quote"] and quote["end"] > quote["start"]


def test_rerunning_the_same_corpus_adds_nothing(sample_db):
    before = json.loads(ew("stats", "--json", db=sample_db).stdout)
    out = ew("run", str(SEEDS), "--no-show", db=sample_db).stdout
    after = json.loads(ew("stats", "--json", db=sample_db).stdout)
    assert "0 new document(s), 5 already stored" in out
    assert before == after


def test_events_filters_narrow_the_list(sample_db):
    every = ew("events", "--json", db=sample_db).stdout.splitlines()
    assaults = [json.loads(x) for x in ew("events", "--json", "--type", "ASSAULT", db=sample_db).stdout.splitlines()]
    assert assaults and len(assaults) < len(every)
    assert all(r["plover"] == "ASSAULT" for r in assaults)
    in_2021 = [json.loads(x) for x in ew("events", "--json", "--since", "2021-01-01", db=sample_db).stdout.splitlines()]
    assert all((r["when"] or {}).get("date", "") >= "2021" or (r["when"] or {}).get("end", "") >= "2021" for r in in_2021)
    bad = ew("events", "--bbox", "1,2,3", db=sample_db, check=False)
    assert bad.returncode == 2 and "bbox" in bad.stderr


def test_export_writes_jsonl_csv_and_geojson(sample_db, tmp_path):
    n = len(ew("events", "--json", "--per", "report", db=sample_db).stdout.splitlines())
    ew("export", "--format", "jsonl", "--per", "report", "-o", str(tmp_path / "e.jsonl"), db=sample_db)
    lines = (tmp_path / "e.jsonl").read_text().splitlines()
    assert len(lines) == n
    required = {"doc", "plover", "acled", "actor1", "actor2", "where", "when", "status", "source", "fatalities",
                "injured", "quote"}
    assert required <= set(json.loads(lines[0]))
    ew("export", "--format", "csv", "--per", "report", "-o", str(tmp_path / "e.csv"), db=sample_db)
    with (tmp_path / "e.csv").open() as f:
        assert len(list(csv.DictReader(f))) == n
    n_events = len(ew("events", "--json", db=sample_db).stdout.splitlines())
    ew("export", "-o", str(tmp_path / "events.csv"), db=sample_db)  # per event, format from the extension
    with (tmp_path / "events.csv").open() as f:
        assert len(list(csv.DictReader(f))) == n_events < n
    ew("export", "--format", "geojson", "-o", str(tmp_path / "e.geojson"), db=sample_db)
    geo = json.loads((tmp_path / "e.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    bad = ew("export", "--format", "xml", "-o", str(tmp_path / "e.xml"), db=sample_db, check=False)
    assert bad.returncode == 2
    mismatch = ew("export", "--format", "jsonl", "-o", str(tmp_path / "e2.csv"), db=sample_db, check=False)
    assert mismatch.returncode == 2 and not (tmp_path / "e2.csv").exists()


def test_acled_export_of_the_sample_corpus(sample_db, tmp_path):
    from eventwatch.export.acled import valid_pairs

    out = ew("export", "--format", "acled", "-o", str(tmp_path / "acled.csv"), db=sample_db).stdout
    header = (FIXTURES / "acled" / "header.csv").read_text(encoding="utf-8").strip()
    assert (tmp_path / "acled.csv").read_text(encoding="utf-8").splitlines()[0] == header
    with (tmp_path / "acled.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert rows and "not ACLED-codable" in out
    events = [json.loads(x) for x in ew("events", "--json", db=sample_db).stdout.splitlines()]
    codable = {e["id"].removeprefix("ev-").upper() for e in events if e["acled"]}
    for r in rows:
        assert (r["event_type"], r["sub_event_type"]) in valid_pairs()
        assert r["inter1"].isdigit() and r["inter2"].isdigit() and r["interaction"].isdigit()
        assert r["iso"].isdigit() and r["country"]
        assert r["event_id_cnty"][3:] in codable  # no row for an event without an ACLED type
    ew("export", "-o", str(tmp_path / "e.parquet"), db=sample_db)
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "e.parquet").num_rows == len(events)


def test_bad_inputs_are_reported_one_line_each_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_text("")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (inputs / "broken.json").write_text('{"text": "unterminated')
    (inputs / "good.txt").write_text(
        "Rebels seized the town of Kidal in northern Mali on Tuesday after clashes with the army, "
        "a spokesman for the rebel coalition said.\n"
    )
    db = tmp_path / "ew.sqlite"
    proc = ew("run", str(inputs), "--no-show", "--published", "2023-11-16", db=db, check=False)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 3
    for name in ("empty.txt", "binary.txt", "broken.json"):
        assert sum(name in line for line in errors) == 1
    stats = json.loads(ew("stats", "--json", db=db).stdout)
    assert stats["documents"] == 1 and stats["ingest_errors"] == 3


def test_stats_and_unknown_actors(sample_db):
    stats = json.loads(ew("stats", "--json", db=sample_db).stdout)
    assert stats["documents"] == 5 and stats["event_reports"] > 0
    out = ew("actors", "--unknown", db=sample_db).stdout
    assert "unresolved actor mentions" in out


def test_eval_agrees_with_the_reference_scorer(tmp_path):
    gold = SEEDS / "gold.events.jsonl"
    system = tmp_path / "system.jsonl"
    ours = json.loads(
        ew("eval", str(gold), "--docs", str(SEEDS / "docs.jsonl"), "--aliases", str(SEEDS / "aliases.json"),
           "-o", str(system), "--json").stdout
    )
    reference = subprocess.run(
        [sys.executable, str(FIXTURES / "eval" / "score_reference.py"), str(gold), str(system),
         "--aliases", str(SEEDS / "aliases.json"), "--json"],
        capture_output=True, text=True, check=True,
    )
    assert ours == json.loads(reference.stdout)
    failing = ew("eval", str(gold), "--docs", str(SEEDS / "docs.jsonl"), "--min", "detection_typed.f1=1.01",
                 check=False)
    assert failing.returncode == 1 and "below threshold" in failing.stderr


def _corpus_for_resume(tmp_path: Path, n: int) -> Path:
    """``n`` distinct documents (sample paragraphs recombined so none is a near-duplicate)."""
    paragraphs = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text().split("\n") if len(p.split()) > 12]
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = []
    for i in range(n):
        picked = [paragraphs[(i * 7 + k * 3) % len(paragraphs)] for k in range(4)]
        text = f"Dispatch {i} from the front\n\n" + "\n\n".join(picked)
        (folder / f"doc{i:03d}.txt").write_text(text)
        lines.append(json.dumps({"doc": f"doc{i:03d}", "published": "2020-09-01", "publisher": f"Outlet {i % 4}"}))
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_a_run_killed_mid_batch_resumes_without_redoing_finished_documents(tmp_path):
    folder = _corpus_for_resume(tmp_path, 40)
    db = tmp_path / "ew.sqlite"
    env = os.environ | {"EVENTWATCH_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwatch", "run", str(folder), "--no-show"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 240
    processed = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.3)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    processed = con.execute("select count(*) from documents where state='processed'").fetchone()[0]
            except sqlite3.Error:
                continue
            if processed >= 3:
                break
    assert proc.poll() is None, "the run finished before it could be killed; make the corpus bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        finished = dict(con.execute("select id, processed_at from documents where state='processed'").fetchall())
        assert 3 <= len(finished) < 40
        # no orphan reports: every report belongs to a processed document
        orphans = con.execute(
            "select count(*) from event_reports r join documents d on d.id = r.document_id where d.state != 'processed'"
        ).fetchone()[0]
        assert orphans == 0

    ew("run", str(folder), "--no-show", db=db)
    with sqlite3.connect(db) as con:
        after = dict(con.execute("select id, processed_at from documents where state='processed'").fetchall())
    assert len(after) == 40
    assert all(after[k] == v for k, v in finished.items()), "finished documents were processed again"


def test_stdin_input(tmp_path):
    db = tmp_path / "ew.sqlite"
    text = "Houthi forces fired missiles at Marib city on Sunday, local officials said.\n"
    ew("ingest", "-", "--published", "2021-02-08", db=db, input=text)
    stats = json.loads(ew("stats", "--json", db=db).stdout)
    assert stats["documents"] == 1


def test_default_database_lives_under_data(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    env = {k: v for k, v in os.environ.items() if k != "EVENTWATCH_DB"}
    subprocess.run([sys.executable, "-m", "eventwatch", "ingest", "seeds"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    assert (tmp_path / "data" / "eventwatch.sqlite").exists()
