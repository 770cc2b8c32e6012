"""bench/bench.py's corpus handling: reading a .jsonl(.gz) corpus, recycling it, scaling figures.

The corpus here is three lines we wrote; the shipped FA-KES corpus is only checked for shape.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_bench_script() -> Any:
    """bench/bench.py is a script, not a package module: load it from its path."""
    spec = importlib.util.spec_from_file_location("eventwatch_bench_script", ROOT / "bench" / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load_bench_script()

ROWS = [
    {"doc": "alpha", "publisher": "Desk A", "text": "Rebels attacked a checkpoint near Kolda."},
    {"doc": "beta", "text": "The army shelled positions outside Tambacounda."},
    {"doc": "gamma", "publisher": "Desk C", "text": "Protesters blocked a road into Ziguinchor."},
]


def _write(path: Path) -> Path:
    data = "".join(json.dumps(r) + "\n" for r in ROWS)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(data)
    else:
        path.write_text(data + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz"])
def test_read_corpus_reads_plain_and_gzipped_jsonl(tmp_path: Path, name: str) -> None:
    docs = bench.read_corpus(_write(tmp_path / name))
    assert [(d.doc, d.publisher) for d in docs] == [("alpha", "Desk A"), ("beta", None), ("gamma", "Desk C")]


def test_docs_n_recycles_the_corpus_with_new_ids_for_each_copy(tmp_path: Path) -> None:
    docs = bench.load_bench_docs(_write(tmp_path / "c.jsonl.gz"), 7)
    assert [d.doc for d in docs] == ["alpha", "beta", "gamma", "alpha#1", "beta#1", "gamma#1", "alpha#2"]
    assert docs[3].text == docs[0].text
    assert len({d.id for d in docs}) == 7


def test_without_docs_n_every_article_is_taken_once(tmp_path: Path) -> None:
    assert len(bench.load_bench_docs(_write(tmp_path / "c.jsonl"), None)) == 3


def test_scaling_is_speedup_and_speedup_per_worker() -> None:
    speedup, efficiency = bench.scaling(4.0, 7.0, 2)
    assert speedup == pytest.approx(1.75)
    assert efficiency == pytest.approx(0.875)
    assert bench.scaling(0.0, 3.0, 2) == (0.0, 0.0)


def test_the_shipped_real_corpus_has_its_479_articles() -> None:
    docs = bench.read_corpus(bench.REAL_CORPUS)
    assert len(docs) == 479
    assert len({d.doc for d in docs}) == 479 and all(d.text.strip() for d in docs)
