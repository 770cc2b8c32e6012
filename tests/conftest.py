"""Shared fixtures.  spaCy pipelines are loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Starlette's TestClient sends "Host: testserver"; the API answers only to allowed hosts
os.environ.setdefault("EVENTWATCH_ALLOWED_HOSTS", "testserver")


@pytest.fixture(scope="session")
def bare_nlp():
    from eventwatch.nlp.pipeline import load_bare

    return load_bare()


@pytest.fixture(scope="session")
def kb():
    from eventwatch.resolve.kb import KnowledgeBase

    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def gazetteer():
    from eventwatch.resolve.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def nlp(kb, gazetteer):
    """The full eventwatch NLP pipeline (model + KB/gazetteer entity ruler)."""
    from eventwatch.nlp.pipeline import load_nlp

    return load_nlp(kb, gazetteer)
