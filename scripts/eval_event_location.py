#!/usr/bin/env python
"""Evaluate ``event_places`` on Halterman's event_location sentences (MIT licence).

For each sentence with a VERB span and a LOCATION span and at least two place mentions,
check whether ``event_places`` (trigger = the labelled verb) picks the labelled location
(pick counts as correct when its span overlaps the LOCATION span and no non-overlapping
place is picked first).  Baselines: the first place in the sentence; the place nearest the
verb.  Unresolved mentions get a dummy coordinate so that the selection logic (not the
gazetteer's coverage of Indian and African localities) is measured.

Usage: python scripts/eval_event_location.py [PATH] [--n 300] [--every 30]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT = Path("/work/shared/data/event_location/labeled_text.jsonl")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--every", type=int, default=30)
    a = ap.parse_args(argv)
    from eventwatch.nlp.pipeline import load_nlp
    from eventwatch.resolve.gazetteer import Gazetteer
    from eventwatch.resolve.places import event_places, resolve_places

    gaz = Gazetteer.load()
    nlp = load_nlp(None, gaz)
    raw = a.path.read_text(encoding="utf-8").strip()
    data = json.loads(raw) if raw.startswith("[") else [json.loads(x) for x in raw.splitlines() if x.strip()]
    rows = data[:: a.every][: a.n]
    n = ok = first_ok = near_ok = empty = 0
    for r in rows:
        verbs = [s for s in r.get("spans", []) if s["label"] == "VERB"]
        locs = [s for s in r.get("spans", []) if s["label"] == "LOCATION"]
        if not verbs or not locs:
            continue
        doc = nlp(r["text"])
        pms = [p if p.resolved else dataclasses.replace(p, lat=0.0, lon=0.0)
               for p in resolve_places(doc, None, gaz)]
        if len(pms) < 2:
            continue
        loc = locs[0]

        def hit(p):
            return p.span.start < loc["end"] and loc["start"] < p.span.end

        if not any(hit(p) for p in pms):
            continue
        v = verbs[0]
        trig = doc.char_span(v["start"], v["end"], alignment_mode="expand")
        trig_tok = trig.root if trig is not None else None
        sent = trig_tok.sent if trig_tok is not None else doc[:]
        sp = [p for p in pms if sent.start_char <= p.span.start < sent.end_char]
        if len(sp) < 2:
            continue
        n += 1
        chosen = event_places(sent, pms, trig_tok)
        if not chosen:
            empty += 1
        elif hit(chosen[0]):
            ok += 1
        first_ok += hit(sp[0])
        vpos = v["start"]
        near_ok += hit(min(sp, key=lambda p: abs(p.span.start - vpos)))
    print(f"sentences sampled: {len(rows)}; evaluated (>=2 places, label recognised): {n}")
    if n:
        print(f"event_places accuracy: {ok / n:.3f} ({ok}/{n}; empty picks {empty})")
        print(f"baseline first place: {first_ok / n:.3f}; nearest to verb: {near_ok / n:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
