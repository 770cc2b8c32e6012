"""``eventwatch review ...`` (the sub-app, invoked directly with Typer's runner)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventwatch.review_cli import app
from eventwatch.store import Store
from test_store_fusion import corpus, load

runner = CliRunner()


def test_review_commands_round_trip(tmp_path):
    db = str(tmp_path / "ew.sqlite")
    store = Store(db)
    load(store, corpus()[:12])
    store.close()

    def ew(*args: str, code: int = 0):
        r = runner.invoke(app, [*args, "--db", db])
        assert r.exit_code == code, r.output
        return r.output

    events = [json.loads(x) for x in ew("list", "--json", "--min-publishers", "3").splitlines()]
    assert events and all(e["n_publishers"] >= 3 for e in events)
    eid = events[0]["id"]
    ew("confirm", eid, "--by", "ana", "--why", "seen")
    shown = json.loads(ew("show", eid))
    key = shown["members"][0]["key"]
    out = ew("correct", key, "fatalities", "9", "--by", "ana", "--why", "morgue count")
    assert "machine" in out
    ew("correct", key, "colour", "red", "--by", "ana", code=1)
    other = next(json.loads(x) for x in ew("list", "--json").splitlines() if json.loads(x)["id"] != eid)["id"]
    ew("merge", eid, other, "--by", "bo", "--why", "same")
    moved = [m["key"] for m in json.loads(ew("show", other))["members"] if m["doc"] != shown["members"][0]["doc"]]
    ew("split", eid, moved[0], "--by", "bo", "--why", "not the same")
    ew("reject", eid, "--by", "cy", "--why", "test")
    log = [json.loads(x) for x in ew("log", "--json").splitlines()]
    assert [x["action"] for x in log] == ["confirm", "correct", "merge", "split", "reject"]
    assert eid in ew("list", "--review", "rejected", "--json")
    ew("list", "--near", "16.27,-0.04,50")
    assert ew("search", "convoy")
    assert json.loads(ew("fuse"))["reports"] == 0
