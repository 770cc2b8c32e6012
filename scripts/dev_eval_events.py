#!/usr/bin/env python3
"""Development evaluation of the events stage, scored exactly like ``eventwatch eval``.

    .venv/bin/python scripts/dev_eval_events.py [--set seeds|other|heldout] [--out out.jsonl] [--show] [--json]

Runs the production :class:`eventwatch.pipeline.Pipeline` (NLP, actor/place/time resolvers,
events) over the gold's documents with docs.jsonl publication dates, writes interchange JSONL
and scores it with :mod:`eventwatch.scoring` (the one scorer).  ``--show`` prints each gold
event beside its aligned system event and the unaligned system events; the timing line gives
the spaCy parse time and the events stage time per document.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwatch import scoring  # noqa: E402
from eventwatch.events import extract_events  # noqa: E402
from eventwatch.ingest import ingest_paths  # noqa: E402
from eventwatch.models import DocumentAnalysis  # noqa: E402
from eventwatch.pipeline import Pipeline  # noqa: E402
from eventwatch.resolve.actors import resolve_actors  # noqa: E402
from eventwatch.resolve.places import resolve_places  # noqa: E402
from eventwatch.resolve.time import infer_publication_date, resolve_times  # noqa: E402


def _show(gold: list[dict], system: list[dict], names: scoring.Names) -> None:
    pairs = scoring.align(gold, system, names)
    paired_g = {id(g): s for g, s in pairs}
    paired_s = {id(s) for _, s in pairs}
    for g in gold:
        s = paired_g.get(id(g))
        mark = "OK " if s and s["plover"] == g["plover"] else ("TY " if s else "MISS")
        print(f"{mark} {g['id']} {g['plover']:10} a1={g['actor1']} a2={g['actor2']} {g['status']} src={g['source']} acled={g['acled']}")
        if s:
            print(f"      -> {s['plover']:10} a1={s['actor1']} a2={s['actor2']} {s['status']} src={s['source']} acled={s['acled']} when={s['when']}")
        print(f"      Q: {g['quote'][:110]}")
    for s in system:
        if id(s) not in paired_s:
            trig = (s.get("evidence") or {}).get("trigger") or {}
            print(f"FP  {s['doc'][:3]} {s['plover']:10} a1={s['actor1']} a2={s['actor2']} {s['status']} trig={trig.get('text')!r} Q: {s['quote'][:90]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="seeds")
    ap.add_argument("--out", default=None)
    ap.add_argument("--show", action="store_true", help="print system events next to gold")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    base = ROOT / "examples" / args.set
    gold = scoring.load(str(base / "gold.events.jsonl"))
    wanted = sorted({g["doc"] for g in gold})
    documents = list(ingest_paths([str(base / f"{d}.txt") for d in wanted], docs_meta=base / "docs.jsonl"))
    pipeline = Pipeline()
    system: list[dict] = []
    t_parse = t_events = 0.0
    for document in documents:
        t0 = time.perf_counter()
        doc = pipeline.nlp(document.text)
        t_parse += time.perf_counter() - t0
        if document.published is None:
            estimate = infer_publication_date(doc, document)
            if estimate is not None:
                document.published = estimate.date
        analysis = DocumentAnalysis(
            document=document,
            actors=resolve_actors(doc, document, pipeline.kb),
            places=resolve_places(doc, document, pipeline.gazetteer),
            times=resolve_times(doc, document),
        )
        t0 = time.perf_counter()
        events = extract_events(doc, analysis, pipeline.kb)
        t_events += time.perf_counter() - t0
        for n, ev in enumerate(events, 1):
            ev.doc = document.doc
            ev.id = f"{document.doc}-{n:03d}"
            system.append(ev.to_interchange())
    out = Path(args.out) if args.out else Path("/tmp") / f"eventwatch_dev_events_{args.set}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in system), encoding="utf-8")
    aliases_path = base / "aliases.json"
    aliases = json.loads(aliases_path.read_text(encoding="utf-8")) if aliases_path.exists() else None
    names = scoring.Names(aliases)
    system = scoring.load(str(out))
    result = scoring.score(gold, system, names)
    if args.show:
        _show(gold, system, names)
    n_docs = max(1, len(documents))
    result["speed"] = {
        "parse_ms_per_doc": round(1000 * t_parse / n_docs, 1),
        "events_ms_per_doc": round(1000 * t_events / n_docs, 2),
        "events_share": round(t_events / t_parse, 3) if t_parse else None,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:18} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
