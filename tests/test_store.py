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


# ------------------------------------------------------------------ events_page: the one report filter
def _many(store, n_docs: int = 6) -> None:
    """Six documents, two reports each, Gao and Bamako, confidence 0.1 .. 0.9."""
    for i in range(n_docs):
        text = f"Militia fighters shelled the town of Gao on Monday, killing {i} civilians. Report {i}."
        document = make_document(text, doc=f"sahel-{i}")
        result = make_result(document, n_events=2)
        for j, ev in enumerate(result.events):
            ev.confidence = round(0.1 + 0.15 * ((2 * i + j) % 6), 2)
            if j:
                ev.where = [PlaceMention(Span(34, 37, "Gao"), "Bamako", "p2", 12.64, -8.0, "Bamako", "ML", "city", 1)]
                ev.actor1 = [ActorMention(Span(0, 7, "Militia"), "fama", "Malian Armed Forces", "exact")]
        store.add_document(document)
        store.save_result(result)


@pytest.mark.parametrize(
    "f",
    [
        EventFilter(),
        EventFilter(plover="ASSAULT", min_confidence=0.3),
        EventFilter(actor="militia"),  # substring: SQL pre-filter + exact Python test
        EventFilter(actor="armed forces"),
        EventFilter(radius=(16.27, -0.04, 10)),  # Gao
        EventFilter(radius=(12.64, -8.0, 10), actor="malian"),
        EventFilter(max_confidence=0.5),
        EventFilter(text="shelled civilians"),
    ],
)
def test_events_page_is_a_window_of_events_with_a_total(store, f):
    _many(store)
    everything = store.events(f)
    keys = [r["key"] for r in everything]
    assert everything and len(set(keys)) == len(keys)
    for offset, limit in ((0, None), (0, 3), (2, 4), (len(keys) - 1, 5), (len(keys) + 3, 2)):
        page, total = store.events_page(f, offset, limit)
        assert [r["key"] for r in page] == keys[offset:None if limit is None else offset + limit]
        assert total == len(keys)
        assert store.events_page(f, offset, limit, with_total=False)[1] is None
    page, _ = store.events_page(f, 0, 2, handles=True)
    assert {"report_id", "document_id", "published", "title"} <= set(page[0])
    assert {k: v for k, v in page[0].items() if k not in ("report_id", "document_id", "published", "title")} \
        == everything[0]
    assert len(store.events(EventFilter(**{**{k: getattr(f, k) for k in f.__slots__}, "limit": 3}))) == min(3, len(keys))


def test_confidence_band_and_light_records(store):
    _many(store)
    low = store.events(EventFilter(max_confidence=0.4))
    assert low and all(r["confidence"] < 0.4 for r in low)
    band = store.events(EventFilter(min_confidence=0.4, max_confidence=0.7))
    assert band and all(0.4 <= r["confidence"] < 0.7 for r in band)
    light = list(store.iter_events(EventFilter(actor="militia"), ("plover", "where", "when", "actor1")))
    full = store.events(EventFilter(actor="militia"))
    assert [(r["plover"], r["where"], r["when"], r["actor1"]) for r in light] == \
        [(r["plover"], r["where"], r["when"], r["actor1"]) for r in full]
    with pytest.raises(ValueError):
        list(store.iter_events(None, ("quote",)))


def test_filters_and_light_records_see_the_analysts_corrections(store):
    _many(store, 2)
    key = store.events(EventFilter(actor="malian"))[0]["key"]
    assert key not in {r["key"] for r in store.events(EventFilter(actor="zorblat"))}
    store.correct(key, "actor1", ["Zorblat Brigade"], by="ana", allow_unknown=True)
    store.correct(key, "fatalities", 9, by="ana")
    # the substring pre-filter in SQL reads machine columns; corrected rows still reach the exact test
    hits = store.events(EventFilter(actor="zorblat"))
    assert [r["key"] for r in hits] == [key] and hits[0]["corrected"]["actor1"]["machine"] == ["Malian Armed Forces"]
    page, total = store.events_page(EventFilter(actor="zorblat"), 0, 10)
    assert total == 1 and page[0]["fatalities"] == 9 and page[0]["corrected"]["fatalities"]["machine"] == 3
    assert key not in {r["key"] for r in store.events(EventFilter(actor="malian"))}
    light = {r["_id"]: r for r in store.iter_events(None, ("actor1", "fatalities", "key"))}
    assert [r["actor1"] for r in light.values() if r["key"] == key] == [["Zorblat Brigade"]]
    assert [r["fatalities"] for r in light.values() if r["key"] == key] == [9]


def test_near_duplicate_index_is_rebuilt_from_stored_signatures(store):
    from eventwatch.ingest.dedup import NearDuplicateIndex

    story = (
        "Militia fighters shelled the market town of Gao on Monday morning, killing three civilians and "
        "wounding eleven others, according to a regional health official who spoke on condition of anonymity. "
        "The army said its units returned fire and later secured the northern approaches to the town, while "
        "residents fled towards the river crossing and aid groups appealed for access to the district hospital."
    )
    original = make_document(story, doc="orig")
    first = NearDuplicateIndex()
    first.add(original.id, original.text)
    store.add_document(original, minhash=first.signature_of(original.id))
    legacy = make_document("Rebels ambushed a supply convoy on the road to Kidal, officials said. " * 4, doc="old")
    store.add_document(legacy)  # stored without a signature, as before migration 0003

    index = store.near_duplicate_index()
    assert len(index) == 2
    edited = story.replace("eleven", "twelve")
    assert index.add(content_hash(edited), edited) == original.id
    # the missing signature was saved, so the next rebuild reads no text
    with store.session() as s:
        from eventwatch.store.schema import DocumentRow

        assert s.get(DocumentRow, legacy.id).minhash
