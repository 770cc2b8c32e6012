"""Bad inputs: each gives exactly one IngestError with a one-line reason; the batch goes on."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from eventwatch.ingest import ingest_paths
from eventwatch.models import Document, IngestError

GOOD = "Fighters from both sides exchanged fire along the front line near Bakhmut on Sunday, officials said.\n"


def run_with_good(tmp_path: Path, name: str, data: bytes, **kw) -> IngestError:
    """Ingest the bad file between two good ones; exactly one error naming the bad file."""
    (tmp_path / "a_good.txt").write_text(GOOD)
    bad = tmp_path / name
    bad.write_bytes(data)
    (tmp_path / "z_good.txt").write_text(GOOD.replace("Sunday", "Monday"))
    out = list(ingest_paths([tmp_path / "a_good.txt", bad, tmp_path / "z_good.txt"], **kw))
    errs = [r for r in out if isinstance(r, IngestError)]
    assert len(errs) == 1, out
    assert sum(isinstance(r, Document) for r in out) == 2
    err = errs[0]
    assert err.path == str(bad)
    assert err.reason and "\n" not in err.reason
    assert str(bad) in str(err)
    return err


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n   \n", "whitespace"),
        ("nul.txt", b"some text\x00\x01\x02 more" * 20, "binary"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("bundle.json", b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 50, "ZIP"),
        ("photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        ("anim.txt", b"GIF89a\x01\x00\x01\x00", "GIF"),
        ("arch.txt", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
        ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16]) * 50 + b"text", "binary"),
        ("broken.json", b'{"text": "Shelling in Donetsk", "title": ', "malformed JSON"),
        ("scalar.json", b'"just a string"', "JSON"),
        ("notext.json", b'{"title": "no body"}', "text"),
        ("feed.xml", b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>broken", "feed"),
        ("page.html", b"<html><body><div><span></span></div></body></html>", "HTML"),
        ("tags.html", b"<<<>>><</<html", "HTML"),
    ],
)
def test_bad_input_gives_one_error(tmp_path: Path, name: str, data: bytes, needle: str) -> None:
    err = run_with_good(tmp_path, name, data)
    assert needle.lower() in err.reason.lower()


def test_over_size_checked_before_reading(tmp_path: Path) -> None:
    err = run_with_good(tmp_path, "big.txt", GOOD.encode() * 200, max_bytes=5000)
    assert "too large" in err.reason and "5000" in err.reason


def test_garbage_encoding_is_an_error(tmp_path: Path) -> None:
    rnd = random.Random(7)
    garbage = bytes(rnd.randrange(0x80, 0x100) for _ in range(3000))
    err = run_with_good(tmp_path, "garbage.txt", garbage)
    assert "encoding" in err.reason or "garbled" in err.reason


def test_replacement_characters_are_an_error(tmp_path: Path) -> None:
    text = "Shelling \ufffd\ufffd near Kherson \ufffd\ufffd\ufffd\ufffd overnight \ufffd\ufffd, officials \ufffd said.\n"
    err = run_with_good(tmp_path, "lossy.txt", text.encode("utf-8"))
    assert "replacement" in err.reason


def test_cp1252_text_is_decoded_not_an_error(tmp_path: Path) -> None:
    text = "Troops entered Gao’s old quarter — residents fled to Bourem, the café owner said. Déjà vu.\n"
    f = tmp_path / "cp.txt"
    f.write_bytes(text.encode("cp1252"))
    [d] = list(ingest_paths([f]))
    assert isinstance(d, Document)
    assert d.text == text.strip()


def test_declared_html_charset_and_mis_declared(tmp_path: Path) -> None:
    body = "<p>" + "Des soldats ont été déployés à Ménaka après l’attaque du camp, a déclaré le ministère. " * 6 + "</p>"
    page = f'<html><head><meta charset="windows-1252"><title>Ménaka</title></head><body><article>{body}</article></body></html>'
    (tmp_path / "declared.html").write_bytes(page.encode("cp1252"))
    (tmp_path / "misdeclared.html").write_bytes(page.encode("utf-8"))  # says cp1252, is UTF-8
    out = list(ingest_paths([tmp_path]))
    assert all(isinstance(d, Document) for d in out), out
    for d in out:
        assert "été déployés à Ménaka" in d.text and "Ã" not in d.text


def test_double_encoded_utf8_is_repaired(tmp_path: Path) -> None:
    text = "The café in Tillabéri was hit — the mayor’s office said. Déjà vu for résidents.\n"
    f = tmp_path / "moji.txt"
    f.write_bytes(text.encode("utf-8").decode("cp1252").encode("utf-8"))
    [d] = list(ingest_paths([f]))
    assert isinstance(d, Document) and d.text == text.strip()


def test_utf16_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(GOOD.encode("utf-16"))
    [d] = list(ingest_paths([f]))
    assert isinstance(d, Document) and d.text == GOOD.strip()


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    out = list(ingest_paths([missing, "-no-such-dir-"]))
    assert [type(r) for r in out] == [IngestError, IngestError]
    assert str(missing) in str(out[0]) and "no such file" in out[0].reason


def test_directory_with_no_readable_files(tmp_path: Path) -> None:
    (tmp_path / "docs.jsonl").write_text('{"doc": "x"}\n')
    (tmp_path / ".hidden").write_text("x")
    [err] = list(ingest_paths([tmp_path]))
    assert isinstance(err, IngestError) and err.path == str(tmp_path) and "no readable files" in err.reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(GOOD)
    f.chmod(0)
    try:
        [err] = list(ingest_paths([f]))
    finally:
        f.chmod(0o644)
    assert isinstance(err, IngestError) and "cannot read" in err.reason


def test_json_list_with_a_bad_item(tmp_path: Path) -> None:
    f = tmp_path / "mixed.json"
    f.write_text(json.dumps([{"text": GOOD}, 42, {"title": "no text"}]))
    out = list(ingest_paths([f]))
    assert [type(r).__name__ for r in out] == ["Document", "IngestError", "IngestError"]
    assert out[1].path == f"{f}[2]" and out[2].path == f"{f}[3]"


def test_legitimate_capital_a_tilde_is_not_mojibake(tmp_path: Path) -> None:
    text = "SÃO TOMÉ E SÃO PAULO: a polícia disse que a operação em SÃO VICENTE terminou na segunda-feira.\n"
    f = tmp_path / "pt.txt"
    f.write_text(text, encoding="utf-8")
    [d] = list(ingest_paths([f]))
    assert isinstance(d, Document) and d.text == text.strip()


def test_oversize_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode() * 100)))
    [err] = list(ingest_paths(["-"], max_bytes=1000))
    assert isinstance(err, IngestError) and err.path == "<stdin>" and "max_bytes" in err.reason
