"""The learned event typer: NumPy inference reproduces scikit-learn, the packaged model types
reporting it never saw, and the extractor uses it only where the PLOVER type admits it."""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from eventwatch.events.classifier import EventTypeModel, admits, default_model, refine_type
from eventwatch.models import Document

ROOT = Path(__file__).resolve().parents[1]

NOTES = [
    ("Protests", "Peaceful protest", "About 200 teachers marched peacefully in the capital to demand higher wages."),
    ("Protests", "Peaceful protest", "Residents staged a sit-in outside the town hall against water cuts."),
    ("Protests", "Peaceful protest", "Farmers held a rally to protest against fuel prices near the ministry."),
    ("Battles", "Armed clash", "Soldiers clashed with gunmen of an armed group near the border village."),
    ("Battles", "Armed clash", "Rebels and the army exchanged fire for hours in the hills."),
    ("Battles", "Armed clash", "Militants attacked an army post and fighting continued overnight."),
    ("Strategic developments", "Arrests", "Police arrested five activists at their homes."),
    ("Strategic developments", "Arrests", "Security forces detained a journalist at the airport."),
    ("Strategic developments", "Arrests", "Officers arrested a union leader accused of incitement."),
]


def _load_script():
    spec = importlib.util.spec_from_file_location("train_event_model", ROOT / "scripts" / "train_event_model.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_event_model"] = module
    spec.loader.exec_module(module)
    return module


def test_numpy_inference_matches_scikit_learn(tmp_path):
    train = _load_script()
    data = tmp_path / "notes.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["event_id_cnty", "event_type", "sub_event_type", "notes"])
        w.writeheader()
        for i, (t, s, note) in enumerate(NOTES * 2):
            w.writerow({"event_id_cnty": f"X{i}", "event_type": t, "sub_event_type": s, "notes": f"{note} [size=no report]"})
    out = tmp_path / "model"
    assert train.main([str(data), "--out", str(out), "--cv", "0"]) == 0
    model = EventTypeModel.load(out)
    vec, clf = train.build(8.0)
    texts = [n for _, _, n in NOTES * 2]
    labels = [f"{t}|{s}" for t, s, _ in NOTES * 2]
    clf.fit(vec.fit_transform(texts), labels)
    probe = "Police detained three protesters who had marched to the ministry."
    expected = clf.predict_proba(vec.transform([probe]))[0]
    got = model.probabilities(probe)
    assert [f"{a}|{b}" for a, b in model.classes] == list(clf.classes_)
    assert np.allclose(got, expected, atol=2e-3)  # float16 coefficients


def test_packaged_model_types_reporting_it_was_not_trained_on():
    model = default_model()
    assert model is not None, "the packaged event typer is missing (make train DATA=...)"
    cases = {
        "Hundreds of nurses gathered outside parliament to demand better pay.": ("Protests", "Peaceful protest"),
        "Police arrested the opposition leader at his home on Tuesday.": ("Strategic developments", "Arrests"),
        "An airstrike by fighter jets hit a market, killing four people.": ("Explosions/Remote violence", "Air/drone strike"),
    }
    for text, pair in cases.items():
        assert model.predict(text).acled == pair, text


def test_model_pair_only_where_the_plover_type_admits_it():
    assert admits("PROTEST", ("Protests", "Peaceful protest"))
    assert not admits("ASSAULT", ("Protests", "Peaceful protest"))
    assert admits("COERCE", ("Strategic developments", "Arrests"))
    rules = ("Battles", "Armed clash")
    # a rules pair stays when the model's reading is of another PLOVER family
    text = "Hundreds of nurses gathered outside parliament to demand better pay."
    assert refine_type("ASSAULT", "occurred", rules, text) == ("ASSAULT", rules)
    # a statement of demands the model reads as a protest is the protest
    assert refine_type("DEMAND", "occurred", None, text) == ("PROTEST", ("Protests", "Peaceful protest"))
    # hypothetical events get no ACLED pair from the model
    assert refine_type("ASSAULT", "hypothetical", None, "An airstrike hit a market.") == ("ASSAULT", None)


@pytest.fixture(scope="module")
def pipeline():
    from eventwatch.pipeline import Pipeline

    return Pipeline()


def test_dated_sentence_without_lexicon_trigger_is_typed_by_the_model(pipeline):
    text = "On 3 May 2022, government forces fired mortar rounds at rebel positions near Kidal."
    document = Document(id="t", doc="t", text=text, published=date(2022, 5, 4))
    (result,) = list(pipeline.process([document]))
    events = [e for e in result.events if e.acled]
    assert events, [e.to_interchange() for e in result.events]
    assert events[0].plover == "ASSAULT"
    assert events[0].acled == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert events[0].when is not None and events[0].when.date == "2022-05-03"


def test_the_model_cannot_overrule_a_sub_type_it_never_saw():
    model = default_model()
    assert model is not None
    chemical = ("Explosions/Remote violence", "Chemical weapon")
    assert chemical not in model.classes
    text = "Warplanes dropped bombs with toxic gas on the town, killing dozens."
    assert refine_type("ASSAULT", "occurred", chemical, text) == ("ASSAULT", chemical)
