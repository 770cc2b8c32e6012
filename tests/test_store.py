"""The store behaves the same on SQLite and PostgreSQL: idempotent, atomic, filterable."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from eventwatch.models import (
    ActorMention,
    Document,
    DocumentAnalysis,
    DocumentResult,
    EventReport,
    PlaceMention,
    Span,
    TimeMention,
    content_hash,
)
from eventwatch.store import EventFilter, Store

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str:
    """A fresh schema on the CI PostgreSQL server, or skip with the reason."""
    try:
        engine = create_engine(PG_SERVER, connect_args={"connect_timeout": 2})
        schema = f"ew_test_{uuid.uuid4().hex[:10]}"
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432 (database test): {exc.__class__.__name__}")
    return f"{PG_SERVER}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'ew.sqlite'}" if request.param == "sqlite" else _postgres_url()
    s = Store(url)
    yield s
    s.close()


TEXT = "Militia fighters shelled the town of Gao on Monday, killing three civilians."


def make_document(text: str = TEXT, doc: str = "sahel-1") -> Document:
    return Document(id=content_hash(text), doc=doc, text=text, publisher="Test Wire",
                    published=date(2022, 3, 9), language="en")


def make_result(document: Document, n_events: int = 1) -> DocumentResult:
    span = Span(0, len(document.text), document.text)
    actor = ActorMention(Span(0, 16, document.text[0:16]), "militia", "Militia fighters", "exact")
    unknown = ActorMention(Span(0, 7, document.text[0:7]), None, "Militia", "unknown")
    place = PlaceMention(Span(34, 37, "Gao"), "Gao", "p1", 16.27, -0.04, "Gao", "ML", "city", 1)
    events = [
        EventReport(
            doc=document.doc, plover="ASSAULT", quote=span, trigger=Span(17, 24, "shelled"),
            acled=("Explosions/Remote violence", "Shelling/artillery/missile attack"),
            actor1=[actor], where=[place],
            when=TimeMention(Span(41, 47, "Monday"), "2022-03-07", "day"), fatalities=3,
            id=f"{document.doc}-{i:03d}",
        )
        for i in range(1, n_events + 1)
    ]
    return DocumentResult(document, DocumentAnalysis(document, actors=[actor, unknown]), events)


def test_adding_the_same_document_twice_stores_it_once(store):
    document = make_document()
    assert store.add_document(document) is True
    assert store.add_document(make_document()) is False
    assert store.stats()["documents"] == 1


def test_saved_results_are_queryable_with_every_filter(store):
    document = make_document()
    store.add_document(document)
    store.save_result(make_result(document))
    assert store.document_state(document.id) == "processed"
    assert store.pending() == []
    rows = store.events()
    assert len(rows) == 1 and rows[0]["fatalities"] == 3 and rows[0]["publisher"] == "Test Wire"
    assert rows[0]["evidence"]["trigger"] == {"start": 17, "end": 24, "text": "shelled"}
    assert store.events(EventFilter(plover="assault"))
    assert not store.events(EventFilter(plover="PROTEST"))
    assert store.events(EventFilter(since="2022-03-01", until="2022-03-07"))
    assert not store.events(EventFilter(since="2022-03-08"))
    assert store.events(EventFilter(bbox=(-1.0, 15.0, 1.0, 17.0)))
    assert not store.events(EventFilter(bbox=(30.0, 30.0, 40.0, 40.0)))
    assert store.events(EventFilter(actor="militia"))
    assert not store.events(EventFilter(actor="army"))
    assert store.events(EventFilter(text="killing three"))
    assert store.events(EventFilter(status="occurred"))
    assert not store.events(EventFilter(status="claimed"))


def test_reprocessing_replaces_machine_output_instead_of_duplicating(store):
    document = make_document()
    store.add_document(document)
    store.save_result(make_result(document, n_events=2))
    store.save_result(make_result(document, n_events=1))
    assert len(store.events()) == 1


def test_unknown_actor_mentions_are_counted_with_examples(store):
    document = make_document()
    store.add_document(document)
    store.save_result(make_result(document))
    assert store.unknown_actors() == [("Militia", 1, ["sahel-1"])]


def test_documents_round_trip_with_metadata(store):
    document = make_document()
    store.add_document(document)
    (back,) = list(store.documents())
    assert back.text == document.text and back.published == date(2022, 3, 9) and back.publisher == "Test Wire"


def test_non_english_and_near_duplicate_documents_are_marked_skipped(store):
    french = Document(id=content_hash("x"), doc="fr", text="Des combats à Gao.", language="fr")
    store.add_document(french)
    store.save_result(DocumentResult(french, DocumentAnalysis(french), []))
    assert store.document_state(french.id) == "skipped"
    assert store.pending() == []
