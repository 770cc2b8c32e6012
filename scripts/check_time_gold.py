#!/usr/bin/env python
"""Dev check: date accuracy of governing_time on the sample gold events.

For each gold event in examples/seeds/gold.events.jsonl: find the gold quote in the text,
parse with the bare spaCy model, resolve times with the docs.jsonl publication date, take
governing_time at the quote (trigger = the quote's syntactic root) and score under the
evaluation rule: the date must be correct at the GOLD precision (day: same day; week:
within 7 days; month: same YYYY-MM; year: same YYYY); a gold ``when: null`` requires a
system null.  Reports two figures: governing_time alone, and governing_time with the
integrator's fallback (no governing expression -> the publication date).

Usage: .venv/bin/python scripts/check_time_gold.py [-v]
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from eventwatch.models import Document
from eventwatch.nlp.pipeline import load_bare
from eventwatch.resolve.time import governing_time, resolve_times

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"


def _as_date(s: str) -> date:
    parts = s.split("-")
    y = int(parts[0])
    m = int(parts[1]) if len(parts) > 1 else 1
    d = int(parts[2]) if len(parts) > 2 else 1
    return date(y, m, d)


def correct(gold: dict | None, sys_date: str | None) -> bool:
    if gold is None:
        return sys_date is None
    if sys_date is None:
        return False
    g, p = gold["date"], gold["precision"]
    if p == "day":
        return sys_date[:10] == g[:10] and len(sys_date) >= 10
    if p == "week":
        return abs((_as_date(sys_date) - _as_date(g)).days) <= 7
    if p == "month":
        return sys_date[:7] == g[:7] and len(sys_date) >= 7
    return sys_date[:4] == g[:4]


def _find(text: str, quote: str) -> int:
    i = text.find(quote)
    if i >= 0:
        return i
    norm = lambda s: s.replace("’", "'").replace("“", '"').replace("”", '"')  # noqa: E731
    return norm(text).find(norm(quote))


def main(verbose: bool = False) -> float:
    nlp = load_bare()
    meta = {json.loads(l)["doc"]: json.loads(l) for l in (SEEDS / "docs.jsonl").open()}
    gold = [json.loads(l) for l in (SEEDS / "gold.events.jsonl").open() if l.strip()]
    cache: dict[str, tuple] = {}
    n = ok_raw = ok_fb = missing = 0
    nn = ok_nn = 0
    for ev in gold:
        name = ev["doc"]
        if name not in cache:
            text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
            pub = date.fromisoformat(meta[name]["published"])
            document = Document(id=name, doc=name, text=text, published=pub)
            doc = nlp(text)
            cache[name] = (document, doc, resolve_times(doc, document))
        document, doc, times = cache[name]
        text = document.text
        qs = _find(text, ev["quote"])
        if qs < 0:
            missing += 1
            if verbose:
                print(f"  [quote not found] {ev['id']}")
            continue
        qe = qs + len(ev["quote"])
        qspan = doc.char_span(qs, qe, alignment_mode="expand")
        trigger = None
        if qspan is not None and len(qspan):
            verbs = [t for t in qspan if t.pos_ in ("VERB", "AUX")]
            depth = lambda t: len(list(t.ancestors))  # noqa: E731
            trigger = min(verbs, key=depth) if verbs else qspan.root
        tchar = trigger.idx if trigger is not None else qs
        sent = trigger.sent if trigger is not None else None
        ss, se = (sent.start_char, sent.end_char) if sent is not None else (qs, qe)
        para = text.rfind("\n", 0, ss) + 1
        tm = governing_time(times, ss, se, tchar, paragraph_start=para, trigger=trigger)
        raw = tm.date if tm else None
        fb = raw if tm else document.published.isoformat()  # type: ignore[union-attr]
        n += 1
        c_raw = correct(ev["when"], raw)
        c_fb = correct(ev["when"], fb)
        ok_raw += c_raw
        ok_fb += c_fb
        if ev["when"] is not None:
            nn += 1
            ok_nn += c_fb
        if verbose and not c_fb:
            print(f"  MISS {ev['id']} gold={ev['when']} sys={tm.date if tm else None} "
                  f"span={tm.span.text if tm else None!r} quote={ev['quote'][:70]!r}")
    acc_raw, acc_fb = ok_raw / max(n, 1), ok_fb / max(n, 1)
    print(f"gold events: {len(gold)}  quotes located: {n}  (not found: {missing})")
    print(f"date accuracy, governing_time only:            {ok_raw}/{n} = {acc_raw:.3f}")
    print(f"date accuracy, + fallback to publication date: {ok_fb}/{n} = {acc_fb:.3f}")
    print(f"  ... on gold events with a non-null date:     {ok_nn}/{nn} = {ok_nn / max(nn, 1):.3f}")
    return acc_fb


if __name__ == "__main__":
    main(verbose="-v" in sys.argv)
