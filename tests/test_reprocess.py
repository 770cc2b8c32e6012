"""``eventwatch reprocess``: stored documents re-extracted, event ids and decisions kept."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.models import Document
from eventwatch.reprocess import reprocess
from eventwatch.store import Store
from eventwatch.store.records import EventRecords

TEXT = ("Government troops shelled the town of Kidal in northern Mali on Tuesday, killing four civilians, "
        "a local official said. On Wednesday, hundreds of people protested in Bamako against the fighting.")


@pytest.fixture(scope="module")
def pipeline(kb, gazetteer):
    from eventwatch.pipeline import Pipeline

    return Pipeline(kb, gazetteer)


def test_reprocess_keeps_event_ids_and_decisions(tmp_path, pipeline):
    store = Store(str(tmp_path / "ew.sqlite"))
    doc = Document(id="k1", doc="kidal", text=TEXT, publisher="Sahel Wire", published=date(2023, 9, 14),
                   language="en")
    store.add_document(doc)
    for result in pipeline.process([doc]):
        store.save_result(result)
    store.fuse_pending()
    before = EventRecords(store).events().events
    assert before
    first = before[0].id
    store.confirm(first, "ana", "checked")
    store.correct(first, "fatalities", "5", "ana", "hospital")

    out = reprocess(store, pipeline, since=date(2023, 9, 1))
    assert out.documents == 1 and out.events_gone == [] and out.events_new == 0
    after = {e.id: e for e in EventRecords(store).events().events}
    assert set(after) == {e.id for e in before}
    assert after[first].review == "confirmed" and after[first].fatalities == 5
    assert after[first].corrections["fatalities"].by == "ana"
    # documents published before --since are left alone
    assert reprocess(store, pipeline, since=date(2024, 1, 1)).documents == 0
