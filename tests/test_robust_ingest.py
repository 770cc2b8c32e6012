"""Issue 15: hostile inputs at ingestion (generated here, never committed as files).

Each case: one line naming the file and the reason, the batch goes on, the next run on the
same database works, and the database passes ``PRAGMA integrity_check``."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwatch import cli
from eventwatch.ingest import ingest_bytes, ingest_paths
from eventwatch.ingest.language import detect_language
from eventwatch.models import IngestError

GOOD = "Gunmen ambushed a convoy near Kidal on Monday, killing four drivers, local officials said."


def _ingest(tmp_path: Path, *inputs: str, extra: list[str] | None = None) -> tuple[int, list[str], Path]:
    """``eventwatch ingest`` the inputs plus a good file; (exit code, error lines, database)."""
    good = tmp_path / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "ew.sqlite"
    r = CliRunner().invoke(cli.app, ["ingest", *inputs, str(good), "--db", str(db), *(extra or [])])
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert "1 new document(s)" in r.stdout or "2 new document(s)" in r.stdout, r.output  # the batch went on
    return r.exit_code, errors, db


def _next_run_works(tmp_path: Path, db: Path) -> None:
    later = tmp_path / "later.txt"
    later.write_text("Police dispersed a protest in Gao on Friday.", encoding="utf-8")
    r = CliRunner().invoke(cli.app, ["ingest", str(later), "--db", str(db)])
    assert r.exit_code == 0 and "1 new document(s)" in r.stdout
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_devices_and_links_to_them_are_refused_without_reading(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    code, errors, db = _ingest(tmp_path, "/dev/zero", str(link))
    assert code == 1
    assert errors == [
        "error: /dev/zero: not a regular file (character device); refusing to read it",
        f"error: {link}: not a regular file (character device); refusing to read it",
    ]
    _next_run_works(tmp_path, db)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would block forever
    code, errors, db = _ingest(tmp_path, str(fifo))
    assert code == 1 and errors == [f"error: {fifo}: not a regular file (FIFO); refusing to read it"]
    _next_run_works(tmp_path, db)


def test_reads_are_bounded_by_max_bytes(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 3000, encoding="utf-8")
    code, errors, db = _ingest(tmp_path, str(big), extra=["--max-bytes", "10000"])
    assert code == 1 and errors == [f"error: {big}: file too large (15000 bytes > max_bytes=10000)"]
    _next_run_works(tmp_path, db)


def test_read_bounded_stops_at_the_limit_even_when_size_lies(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from eventwatch.ingest import BadInput, read_bounded

    f = tmp_path / "grows.txt"
    f.write_bytes(b"a" * 5000)
    real_stat = os.stat

    class Lying:  # a file that reports 0 bytes, like /proc files and devices
        def __init__(self, st: os.stat_result) -> None:
            self.st_mode, self.st_size = st.st_mode, 0

    monkeypatch.setattr(os, "stat", lambda p, *a, **k: Lying(real_stat(p)) if str(p) == str(f) else real_stat(p))
    with pytest.raises(BadInput, match="more than max_bytes=1000"):
        read_bounded(f, 1000)
    assert read_bounded(f, 5000) == b"a" * 5000


def test_a_feed_holding_a_path_does_not_read_that_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.rss"
    secret.write_text(
        "<rss><channel><title>Private</title><item><title>Secret</title>"
        "<description>Private notes about the ambush near Kidal that must never be ingested.</description>"
        "</item></channel></rss>", encoding="utf-8")
    pointer = tmp_path / "pointer.rss"
    pointer.write_text(str(secret), encoding="utf-8")
    items = list(ingest_paths([pointer]))
    assert all(isinstance(i, IngestError) for i in items), items
    assert [str(i) for i in items] == [f"{pointer}: malformed XML feed: not well-formed (invalid token)"] or (
        len(items) == 1 and str(items[0]).startswith(f"{pointer}: ")
    )
    code, errors, db = _ingest(tmp_path, str(pointer))
    assert code == 1 and len(errors) == 1 and errors[0].startswith(f"error: {pointer}: ")
    _next_run_works(tmp_path, db)


def test_a_nul_byte_anywhere_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "late_nul.txt"
    head = (GOOD + "\n").encode() * 200
    f.write_bytes(head + b"\x00tail")  # the NUL is past the first 8 KB
    code, errors, db = _ingest(tmp_path, str(f))
    assert code == 1 and errors == [f"error: {f}: binary file (NUL byte at offset {len(head)}), not text"]
    _next_run_works(tmp_path, db)


def test_nul_escapes_in_json_fields_are_removed_and_noted() -> None:
    data = json.dumps({"title": "Am\u0000bush", "text": "Gunmen\u0000 ambushed a convoy near Kidal."}).encode()
    [d] = list(ingest_bytes(data, "a.json"))
    assert not isinstance(d, IngestError)
    assert "\x00" not in d.text and d.title == "Ambush" and d.ingest_note == "removed NUL characters"


def test_deeply_nested_json_is_one_line_without_a_traceback(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"text": "x"}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with caplog.at_level(logging.DEBUG):
        code, errors, db = _ingest(tmp_path, str(deep), str(lines))
    assert code == 1
    assert errors == [f"error: {deep}: malformed JSON: nested too deeply",
                      f"error: {lines}:2: malformed JSON line: nested too deeply"]
    assert "RecursionError" not in caplog.text and "Traceback" not in caplog.text
    _next_run_works(tmp_path, db)


def test_invalid_utf8_is_noted_on_the_document_and_in_stats(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("Gunmen attacked the caf\u00e9 in Mopti on Monday, officials said.".encode("cp1252"))
    good = tmp_path / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "ew.sqlite"
    r = CliRunner().invoke(cli.app, ["ingest", str(f), str(good), "--db", str(db)])
    assert r.exit_code == 0
    assert f"warning: {f}: not valid UTF-8; decoded as cp1252" in r.stderr
    stats = json.loads(CliRunner().invoke(cli.app, ["stats", "--json", "--db", str(db)]).stdout)
    assert stats["documents_with_ingest_notes"] == 1
    docs = [json.loads(x) for x in CliRunner().invoke(cli.app, ["documents", "--json", "--db", str(db)]).stdout.splitlines()]
    assert {d["doc"]: d["note"] for d in docs} == {"latin": "not valid UTF-8; decoded as cp1252", "zz_good": None}
    _next_run_works(tmp_path, db)


@pytest.mark.parametrize("sentence", ["Strikes on Hama and Homs.", "Gunmen storm hotel.", "Attack on Manbij."])
def test_repeated_english_sentences_are_not_another_language(sentence: str) -> None:
    assert detect_language((sentence + " ") * 100_000) in ("en", None)  # None is processed as English


def test_language_detection_still_tells_other_languages() -> None:
    assert detect_language("Väpnade män attackerade en militär utpost nära staden på måndagen, enligt en källa. "
                           "Fyra soldater dödades och flera skadade fördes till sjukhus.") == "sv"
    assert detect_language("Des hommes armés ont attaqué un poste militaire près de Djibo lundi, selon une "
                           "source sécuritaire. Quatre soldats ont été tués.") == "fr"
