"""The trigger lexicon loader: a null type means "not an event" in every section."""

from __future__ import annotations

from typing import Any

import pytest

from eventwatch.events import lexicon


@pytest.fixture
def triggers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    data: dict[str, Any] = {}
    monkeypatch.setattr(lexicon, "_read", lambda name: data if name == "triggers.yaml" else {})
    return data


def test_verb_object_entries_with_a_null_type_are_not_triggers(triggers: dict[str, Any]) -> None:
    triggers["verbs"] = {"shell": "ASSAULT shelling", "chat": "null"}
    triggers["verb_object"] = {
        "deploy": {"objects": ["battalion", "drone"], "type": "MOBILIZE troops"},
        "count": {"objects": ["vote"], "type": None},
    }
    lex = lexicon.load_lexicon.__wrapped__()
    assert set(lex.verbs) == {"shell"}
    assert set(lex.verb_object) == {"deploy"}
    objects, trigger_type = lex.verb_object["deploy"]
    assert objects == frozenset({"battalion", "drone"})
    assert (trigger_type.plover, trigger_type.mode) == ("MOBILIZE", "troops")
