#!/usr/bin/env python3
"""Development evaluation of the events stage (until ``eventwatch eval`` exists).

    .venv/bin/python scripts/dev_eval_events.py [--set seeds|other] [--out out.jsonl] [--show]

Runs the available pipeline pieces (NLP with KB/gazetteer ruler, actor/place/time resolvers;
crude stand-ins where a resolver is missing) and ``extract_events`` over examples/<set>/*.txt
with docs.jsonl publication dates, writes interchange JSONL and scores it with the reference
scorer logic (scripts/_score_ref.py).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import _score_ref  # noqa: E402

from eventwatch.events import extract_events  # noqa: E402
from eventwatch.models import ActorMention, Document, DocumentAnalysis, Span  # noqa: E402


def _fallback_actors(doc, kb) -> list[ActorMention]:
    """Stand-in actor resolver: entity-ruler actor ids, demonyms and capitals from the KB."""
    out = []
    covered = set()
    for ent in doc.ents:
        aid = ent.ent_id_
        a = None
        if aid.startswith("actor:") and kb is not None:
            a = kb.get(aid)
        elif kb is not None and ent.label_ in ("NORP", "GPE", "ORG", "PERSON"):
            hits = kb.lookup(ent.text)
            a = hits[0] if hits else None
        if a is not None:
            out.append(ActorMention(Span(ent.start_char, ent.end_char, ent.text), a.id, a.name, "exact"))
            covered.update(range(ent.start, ent.end))
    if kb is not None:
        for tok in doc:
            if tok.i in covered:
                continue
            a = kb.demonym_state(tok.text) if tok.pos_ in ("ADJ", "PROPN", "NOUN") and tok.text[:1].isupper() else None
            if a is not None:
                out.append(ActorMention(Span(tok.idx, tok.idx + len(tok.text), tok.text), a.id, a.name, "normalised"))
    out.sort(key=lambda m: m.span.start)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="seeds")
    ap.add_argument("--out", default=None)
    ap.add_argument("--show", action="store_true", help="print system events next to gold")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    base = ROOT / "examples" / args.set
    meta = {}
    for line in (base / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            meta[r["doc"]] = r
    kb = gaz = None
    try:
        from eventwatch.resolve.kb import KnowledgeBase

        kb = KnowledgeBase.load()
    except Exception as e:  # noqa: BLE001
        print("kb unavailable:", e, file=sys.stderr)
    try:
        from eventwatch.resolve.gazetteer import Gazetteer

        gaz = Gazetteer.load()
    except Exception as e:  # noqa: BLE001
        print("gazetteer unavailable:", e, file=sys.stderr)
    from eventwatch.nlp.pipeline import load_nlp

    nlp = load_nlp(kb, gaz)
    try:
        from eventwatch.resolve.actors import resolve_actors
    except ImportError:
        resolve_actors = None
        print("actors: using the dev stand-in", file=sys.stderr)
    try:
        from eventwatch.resolve.places import resolve_places
    except ImportError:
        resolve_places = None
        print("places: none", file=sys.stderr)
    try:
        from eventwatch.resolve.time import resolve_times
    except ImportError:
        resolve_times = None
        print("times: none", file=sys.stderr)

    system = []
    t_parse = t_events = 0.0
    for path in sorted(base.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = meta.get(path.stem, {})
        pub = date.fromisoformat(m["published"]) if m.get("published") else None
        document = Document(id=path.stem, doc=path.stem, text=text, published=pub, publisher=m.get("publisher"))
        t0 = time.perf_counter()
        doc = nlp(text)
        t_parse += time.perf_counter() - t0
        try:
            actors = resolve_actors(doc, document, kb) if resolve_actors else _fallback_actors(doc, kb)
        except Exception as e:  # noqa: BLE001 - a resolver under development
            print(f"actors failed ({e!r}); dev stand-in", file=sys.stderr)
            actors = _fallback_actors(doc, kb)
        try:
            places = resolve_places(doc, document, gaz) if resolve_places and gaz is not None else []
        except Exception as e:  # noqa: BLE001
            print(f"places failed ({e!r})", file=sys.stderr)
            places = []
        times = resolve_times(doc, document) if resolve_times else []
        analysis = DocumentAnalysis(document=document, actors=actors, places=places, times=times)
        t0 = time.perf_counter()
        events = extract_events(doc, analysis, kb)
        t_events += time.perf_counter() - t0
        for i, ev in enumerate(events, 1):
            ev.id = f"{path.stem[:3]}-s{i:02d}"
            system.append(ev.to_interchange())
    out = Path(args.out) if args.out else Path("/tmp") / f"eventwatch_dev_events_{args.set}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in system), encoding="utf-8")
    gold = _score_ref.load(str(base / "gold.events.jsonl"))
    aliases_path = base / "aliases.json"
    aliases = json.loads(aliases_path.read_text(encoding="utf-8")) if aliases_path.exists() else None
    names = _score_ref.Names(aliases)
    result = _score_ref.score(gold, system, names)
    if args.show:
        pairs = _score_ref.align(gold, system, names)
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
                print(f"FP  {s['doc'][:3]} {s['plover']:10} a1={s['actor1']} a2={s['actor2']} {s['status']} trig={s['evidence']['trigger']['text']!r} Q: {s['quote'][:90]}")
    n_docs = len(list(base.glob('*.txt')))
    result["speed"] = {"parse_ms_per_doc": round(1000 * t_parse / n_docs, 1), "events_ms_per_doc": round(1000 * t_events / n_docs, 2)}
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:18} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
