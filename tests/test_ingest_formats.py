"""Ingestion of each input format (no spaCy)."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from eventwatch.errors import EventwatchError, IngestFailure
from eventwatch.ingest import ingest_bytes, ingest_paths, load_docs_meta
from eventwatch.models import Document, IngestError, content_hash

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"

SAHEL = (
    "Jihadist fighters attacked a military camp near Boni in central Mali on Tuesday, the army said.\n\n"
    "The army said its troops repelled the assault after two hours of fighting and that aircraft were called in.\n\n"
    "Residents of nearby villages reported that several houses had been burned during the attack.\n"
)


def docs(results) -> list[Document]:
    out = list(results)
    errs = [r for r in out if isinstance(r, IngestError)]
    assert not errs, errs
    return out


def errors(results) -> list[IngestError]:
    return [r for r in results if isinstance(r, IngestError)]


def test_txt_with_header_block(tmp_path: Path) -> None:
    raw = (
        "Title: Army repels attack on Boni camp\nDate: 2021-06-08\nSource: Sahel Observer\n"
        "URL: https://sahel.example/boni\n\n" + SAHEL
    )
    f = tmp_path / "boni.txt"
    f.write_text(raw, encoding="utf-8")
    [d] = docs(ingest_paths([f]))
    assert d.doc == "boni"
    assert d.title == "Army repels attack on Boni camp"
    assert d.published == date(2021, 6, 8) and d.published_source == "header"
    assert d.publisher == "Sahel Observer"
    assert d.url == "https://sahel.example/boni"
    assert d.text.startswith("Jihadist fighters attacked")
    assert "Title:" not in d.text
    assert d.id == content_hash(raw)
    assert d.language == "en"
    assert d.source_path == str(f)
    assert d.ingested_at is not None and d.ingested_at.tzinfo is not None
    assert len(d.raw_sha or "") == 64
    header = [r for r in d.removed if r.kind == "header"]
    assert header and raw[header[0].start : header[0].end] == header[0].text


def test_txt_headline_title_kept_in_text(tmp_path: Path) -> None:
    f = tmp_path / "mali.txt"
    f.write_text("Army repels attack on Boni camp\n\n" + SAHEL, encoding="utf-8")
    [d] = docs(ingest_paths([f]))
    assert d.title == "Army repels attack on Boni camp"
    assert d.text.startswith("Army repels attack on Boni camp\n")
    assert d.published is None and d.published_source is None


def test_txt_with_sidecar_and_explicit_meta_and_override(tmp_path: Path) -> None:
    (tmp_path / "a1.txt").write_text(SAHEL, encoding="utf-8")
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"doc": "a1", "published": "2021-06-09", "publisher": "Mopti Daily", "extra": 1}) + "\n",
        encoding="utf-8",
    )
    [d] = docs(ingest_paths([tmp_path / "a1.txt"]))
    assert (d.doc, d.published, d.published_source, d.publisher) == ("a1", date(2021, 6, 9), "metadata", "Mopti Daily")

    explicit = tmp_path / "meta" / "other.jsonl"
    explicit.parent.mkdir()
    explicit.write_text(json.dumps({"doc": "a1", "published": "2021-06-10"}) + "\n", encoding="utf-8")
    [d] = docs(ingest_paths([tmp_path / "a1.txt"], docs_meta=explicit))
    assert d.published == date(2021, 6, 10) and d.publisher == "Mopti Daily"

    [d] = docs(ingest_paths([tmp_path / "a1.txt"], docs_meta=explicit, published=date(2021, 7, 1)))
    assert d.published == date(2021, 7, 1) and d.published_source == "override"


def test_directory_walk_is_recursive_sorted_and_skips_sidecars(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(SAHEL, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SAHEL.replace("Boni", "Hombori"), encoding="utf-8")
    (tmp_path / "docs.jsonl").write_text(json.dumps({"doc": "b", "published": "2021-01-01"}) + "\n")
    (tmp_path / "gold.events.jsonl").write_text('{"doc": "b"}\n')
    (tmp_path / ".hidden.txt").write_text(SAHEL)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(SAHEL)
    (tmp_path / "aliases.json").write_text(json.dumps({"HTS": "Hayat Tahrir al-Sham"}))  # auxiliary: skipped
    out = docs(ingest_paths([tmp_path]))
    assert [d.doc for d in out] == ["b", "a"]
    assert out[0].published == date(2021, 1, 1)
    [err] = list(ingest_paths([tmp_path / "aliases.json"]))  # named explicitly: an error
    assert isinstance(err, IngestError) and "text" in err.reason


def test_sample_corpus_directory_ingests_without_errors() -> None:
    seeds = Path(__file__).resolve().parents[1] / "examples" / "seeds"
    out = docs(ingest_paths([seeds]))
    assert sorted(d.doc for d in out) == sorted(p.stem for p in seeds.glob("*.txt"))


def test_html_main_text_extracted_without_boilerplate_or_comments() -> None:
    [d] = docs(ingest_paths([FIX / "yemen_page.html"]))
    assert d.doc == "yemen_page"
    assert d.title == "Houthi drone strike hits Marib fuel depot"
    assert d.publisher == "Gulf Monitor"
    assert d.url == "https://gulfmonitor.example/yemen/marib-depot"
    assert d.published == date(2022, 2, 14) and d.published_source == "metadata"
    assert "struck a fuel depot on the western edge of Marib" in d.text
    assert "return to talks on a nationwide truce" in d.text
    for junk in ("Skip to main content", "cookies", "Share on", "Great reporting", "Stay safe", "All rights reserved"):
        assert junk not in d.text


def test_json_object(tmp_path: Path) -> None:
    f = tmp_path / "kyiv.json"
    obj = {
        "id": "ua-77", "title": "Missiles hit Kyiv suburbs", "body": "Russian missiles struck two suburbs of Kyiv "
        "early on Friday, the city administration said. Three people were injured.", "published": "2022-10-14T06:00:00Z",
        "source": "Kyiv Courier", "url": "https://kc.example/77",
    }
    f.write_text(json.dumps(obj), encoding="utf-8")
    [d] = docs(ingest_paths([f]))
    assert (d.doc, d.title, d.publisher, d.url) == ("ua-77", "Missiles hit Kyiv suburbs", "Kyiv Courier", "https://kc.example/77")
    assert d.published == date(2022, 10, 14) and d.published_source == "metadata"
    assert d.id == content_hash(obj["body"])


def test_json_list(tmp_path: Path) -> None:
    f = tmp_path / "batch.json"
    items = [
        {"text": "Houthi forces shelled positions near Hodeidah port on Monday, residents said.", "date": "2019-01-07"},
        {"doc": "y2", "content": "Coalition aircraft struck a bridge in Saada province on Tuesday, rebel media reported."},
    ]
    f.write_text(json.dumps(items), encoding="utf-8")
    out = docs(ingest_paths([f]))
    assert [d.doc for d in out] == ["batch-1", "y2"]
    assert out[0].published == date(2019, 1, 7)


def test_jsonl_with_a_malformed_line_amid_good_ones(tmp_path: Path) -> None:
    f = tmp_path / "wire.jsonl"
    f.write_text(
        json.dumps({"doc": "w1", "text": "Police dispersed a protest in Niamey on Thursday, witnesses said."}) + "\n"
        + '{"doc": "w2", "text": "unterminated\n'
        + json.dumps({"text": "Soldiers reopened the road between Gao and Ansongo on Friday, officials said."}) + "\n",
        encoding="utf-8",
    )
    out = list(ingest_paths([f]))
    assert [type(r).__name__ for r in out] == ["Document", "IngestError", "Document"]
    assert out[1].path == f"{f}:2" and "\n" not in out[1].reason
    assert out[0].doc == "w1" and out[2].doc == "wire-3"


def test_rss_feed_one_document_per_item() -> None:
    out = docs(ingest_paths([FIX / "sahel.rss"]))
    assert [d.doc for d in out] == ["sahel-1", "sahel-2"]
    first = out[0]
    assert first.title == "Militants attack army post near Djibo"
    assert first.published == date(2023, 5, 9)
    assert first.publisher == "Sahel Wire"
    assert first.url == "https://sahelwire.example/2023/05/djibo-post"
    assert "<p>" not in first.text and "killing four soldiers" in first.text
    assert "pushed the attackers back" in first.text


def test_atom_feed() -> None:
    out = docs(ingest_paths([FIX / "ukraine.atom"]))
    assert [d.title for d in out] == ["Shelling damages power line in Kharkiv region", "Drones shot down over Odesa"]
    assert out[0].published == date(2023, 3, 2)
    assert out[1].published == date(2023, 3, 1)  # falls back to <updated>
    assert "Kupiansk" in out[0].text and "<p>" not in out[0].text


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAHEL.encode("utf-8")), encoding="utf-8"))
    [d] = docs(ingest_paths(["-"]))
    assert d.doc == "stdin" and d.text == SAHEL.strip()


def test_stdin_without_buffer_and_sniffed_json(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = json.dumps({"doc": "s1", "text": SAHEL})
    monkeypatch.setattr(sys, "stdin", io.StringIO(payload))
    [d] = docs(ingest_paths(["-"]))
    assert d.doc == "s1"


def test_ingest_bytes_for_uploads() -> None:
    [d] = docs(ingest_bytes(SAHEL.encode(), "upload.txt"))
    assert d.doc == "upload"


def test_non_english_is_kept_and_flagged(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(
        "Des hommes armés ont attaqué un poste militaire près de Djibo lundi, selon une source sécuritaire. "
        "Quatre soldats ont été tués et plusieurs blessés ont été évacués vers Ouagadougou.", encoding="utf-8")
    (tmp_path / "ar.txt").write_text("قصفت طائرات مسيرة مواقع في محافظة مأرب يوم الأحد، حسب مصادر محلية.", encoding="utf-8")
    out = {d.doc: d for d in docs(ingest_paths([tmp_path]))}
    assert out["fr"].language == "fr" and not out["fr"].is_english
    assert out["ar"].language == "ar" and "مأرب" in out["ar"].text


def test_load_docs_meta(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text('{"doc": "x", "published": "2020-01-02", "publisher": "P"}\n\n{"doc": "y"}\n')
    meta = load_docs_meta(f)
    assert meta["x"]["published"] == date(2020, 1, 2) and "published" not in meta["y"]
    f.write_text('{"doc": "x", "published": "2020-01-02"}\n{"doc": "y", "published": \n')
    with pytest.raises(IngestFailure) as e:
        load_docs_meta(f)
    assert f"{f}:2" in str(e.value) and isinstance(e.value, EventwatchError)
    f.write_text('{"doc": "x", "published": "02/01/2020"}\n')
    with pytest.raises(IngestFailure, match=":1"):
        load_docs_meta(f)


def test_explicit_malformed_docs_meta_raises_but_sidecar_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SAHEL)
    (tmp_path / "docs.jsonl").write_text("not json\n")
    with pytest.raises(IngestFailure):
        ingest_paths([tmp_path], docs_meta=tmp_path / "docs.jsonl")
    out = list(ingest_paths([tmp_path]))
    assert [type(r).__name__ for r in out] == ["IngestError", "Document"]
    assert "docs.jsonl:1" in str(out[0])


def test_directory_walk_skips_files_of_unsupported_types_but_reports_binaries(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(SAHEL, encoding="utf-8")
    (tmp_path / "build.py").write_text("print('not an article, although it is text')\n", encoding="utf-8")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    out = list(ingest_paths([tmp_path]))
    docs = [x for x in out if isinstance(x, Document)]
    errors = [x for x in out if isinstance(x, IngestError)]
    assert [d.doc for d in docs] == ["report"]
    assert len(errors) == 1 and errors[0].path.endswith("scan.pdf")
    # named explicitly, a text file of any type is read
    (explicit,) = list(ingest_paths([tmp_path / "build.py"]))
    assert isinstance(explicit, Document)
