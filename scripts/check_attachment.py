#!/usr/bin/env python
"""Dev check: event place and date attachment on the sample gold (error analysis).

Runs the full pipeline on the gold's documents (like ``eventwatch eval``), aligns system
reports to gold with the scorer's own alignment (``eventwatch.scoring.align``), and prints
every typed pair whose place or date is wrong: gold and system where/when, the quote, and
the places / times found in the sentence and in its paragraph.

    .venv/bin/python scripts/check_attachment.py            # the events stage as it is
    .venv/bin/python scripts/check_attachment.py --proposed # with event_location/event_time
    .venv/bin/python scripts/check_attachment.py --proposed -q   # figures only
    .venv/bin/python scripts/check_attachment.py --set examples/heldout --only date

``--proposed`` applies the proposed events-stage change IN MEMORY (the source of
``eventwatch.events.extract`` is rewritten and re-executed as the module; the file on disk
is untouched): ``governing_time(...)`` -> ``event_time(...)`` and ``event_places(...)`` ->
``event_location(...)``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import types
from pathlib import Path

from eventwatch import scoring
from eventwatch.scoring import Names, align, date_ok, place_ok

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"

WHEN_OLD = re.compile(r"when = governing_time\([^\n]*\)\n")
WHEN_NEW = "when = event_time(doc, seg, t, analysis.times, document, status)\n"
WHERE_OLD = re.compile(r"where = list\(event_places\(seg, analysis\.places, t\)\)\n")
WHERE_NEW = "where = event_location(doc, seg, t, analysis.places, plover)\n"


def apply_proposed() -> None:
    """Re-execute eventwatch.events.extract with the proposed one-line changes."""
    import eventwatch.events as ev_pkg
    import eventwatch.events.extract as ex
    import eventwatch.pipeline as pl

    src = Path(ex.__file__).read_text(encoding="utf-8")
    src, n1 = WHEN_OLD.subn(WHEN_NEW, src)
    src, n2 = WHERE_OLD.subn(WHERE_NEW, src)
    if not (n1 and n2):
        sys.exit(f"could not apply the proposed change (when: {n1}, where: {n2})")
    src = src.replace(
        "from eventwatch.resolve.places import event_places",
        "from eventwatch.resolve.places import event_places, event_location",
    ).replace(
        "from eventwatch.resolve.time import governing_time",
        "from eventwatch.resolve.time import governing_time, event_time",
    )
    mod = types.ModuleType(ex.__name__)
    mod.__file__ = ex.__file__
    mod.__package__ = "eventwatch.events"
    sys.modules[ex.__name__] = mod
    exec(compile(src, ex.__file__, "exec"), mod.__dict__)
    ev_pkg.extract_events = mod.extract_events
    pl.extract_events = mod.extract_events


def run_pipeline(folder: Path = SEEDS):
    from eventwatch.ingest import ingest_paths
    from eventwatch.pipeline import Pipeline

    gold = scoring.load(str(folder / "gold.events.jsonl"))
    wanted = sorted({g["doc"] for g in gold})
    paths = [str(folder / f"{d}.txt") for d in wanted]
    documents = list(ingest_paths(paths, docs_meta=folder / "docs.jsonl"))
    pipeline = Pipeline()
    results = list(pipeline.process(documents))
    return gold, results


def _fmt_where(ws) -> str:
    return "; ".join(f"{w['name']}[p{w['precision']}]({w['lat']:.2f},{w['lon']:.2f})" for w in ws or []) or "[]"


def _fmt_when(w) -> str:
    if not w:
        return "null"
    return f"{w['date']}/{w['precision']}" + (f"..{w['end']}" if w.get("end") else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--proposed", action="store_true", help="apply the proposed events-stage change in memory")
    ap.add_argument("-q", "--quiet", action="store_true", help="figures only")
    ap.add_argument("--only", choices=("place", "date"), help="print only this kind of error")
    ap.add_argument("--set", default=str(SEEDS),
                    help="example folder with gold.events.jsonl, docs.jsonl, aliases.json (default: seeds)")
    ap.add_argument("-o", "--output", help="write the system reports here")
    args = ap.parse_args(argv)
    if args.proposed:
        apply_proposed()
    folder = Path(args.set)
    gold, results = run_pipeline(folder)
    system = [e.to_interchange() for r in results for e in r.events]
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            for e in system:
                f.write(json.dumps(e) + "\n")
    aliases = json.loads((folder / "aliases.json").read_text(encoding="utf-8"))
    names = Names(aliases)
    by_doc = {r.document.doc: r for r in results}
    pairs = [(g, s) for g, s in align(gold, system, names) if g["plover"] == s["plover"]]
    bad_p = bad_d = 0
    for g, s in pairs:
        p_ok = place_ok(g.get("where"), s.get("where"))
        d_ok = date_ok(g.get("when"), s.get("when"))
        bad_p += not p_ok
        bad_d += not d_ok
        if args.quiet or (p_ok and d_ok) or (args.only == "place" and p_ok) or (args.only == "date" and d_ok):
            continue
        r = by_doc[g["doc"]]
        text = r.document.text
        ev = s["evidence"]
        qs, qe = ev["quote"]["start"], ev["quote"]["end"]
        ps = text.rfind("\n", 0, qs) + 1
        pe = text.find("\n", qe)
        pe = len(text) if pe < 0 else pe
        sent_places = [p for p in r.analysis.places if qs <= p.span.start < qe and p.resolved]
        para_places = [p for p in r.analysis.places if ps <= p.span.start < pe and p.resolved and p not in sent_places]
        sent_times = [t for t in r.analysis.times if qs <= t.span.start < qe]
        para_times = [t for t in r.analysis.times if ps <= t.span.start < pe and t not in sent_times]
        flags = ("PLACE " if not p_ok else "") + ("DATE" if not d_ok else "")
        print(f"=== {g['id']} {g['plover']} {g['status']} (sys {s['status']}) {flags}  pub={r.document.published}")
        print(f"  quote : {g['quote'][:300]}")
        print(f"  trig  : {ev['trigger']['text']!r} @ {ev['trigger']['start']}")
        if not p_ok:
            print(f"  gold where: {_fmt_where(g['where'])}")
            print(f"  sys  where: {_fmt_where(s['where'])}  ev={[w['text'] for w in ev['where']]}")
            print("  sent places: " + "; ".join(f"{p.span.text}->{p.name}[p{p.precision}]" for p in sent_places))
            print("  para places: " + "; ".join(f"{p.span.text}->{p.name}[p{p.precision}]" for p in para_places[:8]))
        if not d_ok:
            print(f"  gold when: {_fmt_when(g['when'])}   sys when: {_fmt_when(s['when'])}  ev={ev['when'] and ev['when']['text']!r}")
            print("  sent times: " + "; ".join(f"{t.span.text}->{t.date}/{t.precision}" for t in sent_times))
            print("  para times: " + "; ".join(f"{t.span.text}->{t.date}/{t.precision}" for t in para_times))
    n = len(pairs)
    print(f"typed pairs {n}: place {(n - bad_p) / n:.3f} ({n - bad_p}/{n}), date {(n - bad_d) / n:.3f} ({n - bad_d}/{n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
