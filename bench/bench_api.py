"""API latency benchmark: a filtered event query over a large synthetic database.

    python bench/bench_api.py [--reports 100000] [--requests 300] [--db PATH] [--json]

1. generates a SQLite database of N synthetic event reports (bulk INSERT through the store's
   own tables, ~20 reports per document, 18 PLOVER types, 3 years, points over a region);
2. starts the API under uvicorn on a free local port (thread);
3. sends R filtered queries with httpx — type + bbox + date range (+ the total count), limit 100 —
   plus a baseline of unfiltered pages, and prints p50 / p95 / max latency in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

TYPES = ["ASSAULT"] * 6 + ["COERCE"] * 2 + ["PROTEST", "THREATEN", "MOBILIZE", "DISAPPROVE", "AGREE", "CONSULT",
                                              "AID", "COOPERATE", "SUPPORT", "SANCTION"]
ACTORS = [f"Group {c}" for c in "ABCDEFGHIJKLMNOPQRST"] + ["Army", "Police", "Civilians", "Rebels", "Militia"]
PUBLISHERS = [f"Outlet {i}" for i in range(25)]
START = date(2021, 1, 1)
DAYS = 3 * 365


def generate(path: Path, n_reports: int, seed: int = 7) -> float:
    """Fill ``path`` with ``n_reports`` synthetic reports; returns the seconds it took."""
    from eventwatch.models import EXTRACTOR_VERSION
    from eventwatch.store import Store
    from eventwatch.store.schema import DocumentRow, EventReportRow

    t0 = time.perf_counter()
    rnd = random.Random(seed)
    store = Store(str(path))
    report_cols = set(EventReportRow.__table__.columns.keys())
    now = datetime.now(UTC).replace(tzinfo=None)
    per_doc = 20
    docs, reports = [], []
    for i in range(n_reports):
        d = i // per_doc
        if i % per_doc == 0:
            pub = START + timedelta(days=rnd.randrange(DAYS))
            docs.append({
                "id": f"{d:016x}", "doc": f"synthetic-{d}", "title": f"Synthetic report {d}", "url": None,
                "publisher": rnd.choice(PUBLISHERS), "published": pub, "language": "en",
                "text": "Synthetic text. " * 20, "removed": [], "state": "processed", "ingested_at": now,
                "processed_at": now, "extractor_version": EXTRACTOR_VERSION,
            })
        day = (docs[-1]["published"] - timedelta(days=rnd.randrange(5))).isoformat()
        lat, lon = rnd.uniform(30.0, 38.0), rnd.uniform(34.0, 44.0)
        plover = rnd.choice(TYPES)
        a1, a2 = [rnd.choice(ACTORS)], [rnd.choice(ACTORS)] if rnd.random() < 0.6 else []
        local = f"synthetic-{d}-{i % per_doc + 1:03d}"
        quote = f"{a1[0]} did {plover.lower()} near Place {i % 997}."
        record = {
            "doc": f"synthetic-{d}", "id": local, "plover": plover, "mode": None, "acled": None,
            "actor1": a1, "actor2": a2,
            "where": [{"name": f"Place {i % 997}", "admin1": None, "country": "XX", "lat": lat, "lon": lon,
                       "precision": 1}],
            "when": {"date": day, "precision": "day"}, "status": "occurred", "source": None,
            "fatalities": rnd.choice([None, None, 0, 1, 2, 5]), "injured": None, "quote": quote,
            "confidence": round(rnd.random(), 3), "extractor_version": EXTRACTOR_VERSION,
            "evidence": {"quote": {"start": 0, "end": len(quote), "text": quote}},
        }
        row = {
            "document_id": docs[-1]["id"], "local_id": local, "plover": plover, "mode": None, "acled_type": None,
            "acled_subtype": None, "actor1": a1, "actor2": a2, "place": f"Place {i % 997}", "lat": lat, "lon": lon,
            "date_start": day, "date_end": None, "date_precision": "day", "status": "occurred", "source": None,
            "fatalities": record["fatalities"], "injured": None, "quote": quote, "confidence": record["confidence"],
            "extractor_version": EXTRACTOR_VERSION, "data": record,
        }
        # columns added by later schema revisions (stable key, lifecycle state)
        if "key" in report_cols:
            row["key"] = f"s{i:015x}"
        if "state" in report_cols:
            row["state"] = "active"
        reports.append({k: v for k, v in row.items() if k in report_cols})
    with store.engine.begin() as conn:
        conn.execute(DocumentRow.__table__.insert(), docs)
        for j in range(0, len(reports), 20_000):
            conn.execute(EventReportRow.__table__.insert(), reports[j:j + 20_000])
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    store.close()
    return time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))]


def measure(db: Path, n_requests: int, seed: int = 11) -> dict[str, dict[str, float]]:
    import uvicorn

    from eventwatch.api import create_app

    app = create_app(str(db), token=None, read_token_required=False)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    rnd = random.Random(seed)
    results: dict[str, dict[str, float]] = {}
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(100):
                try:
                    client.get("/api/health")
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)

            def filtered() -> dict[str, str | int]:
                lon, lat = rnd.uniform(34, 42), rnd.uniform(30, 36)
                start = START + timedelta(days=rnd.randrange(DAYS - 120))
                return {"type": rnd.choice(["ASSAULT", "COERCE", "PROTEST", "AGREE"]),
                        "bbox": f"{lat:.3f},{lon:.3f},{lat + 2:.3f},{lon + 2:.3f}",
                        "since": start.isoformat(), "until": (start + timedelta(days=90)).isoformat(), "limit": 100}

            scenarios = {
                "events type+bbox+dates limit=100 (with total)": lambda: filtered(),
                "events type+bbox+dates limit=100 (total=false)": lambda: filtered() | {"total": "false"},
                "events unfiltered limit=100 offset=random": lambda: {"limit": 100,
                                                                     "offset": rnd.randrange(0, 50_000)},
                "events actor+dates limit=100": lambda: filtered() | {"actor": rnd.choice(ACTORS), "type": "",
                                                                    "bbox": ""},
            }
            for name, make in scenarios.items():
                n = n_requests if "with total" in name else max(50, n_requests // 3)
                for _ in range(5):  # warm-up
                    client.get("/api/events", params={k: v for k, v in make().items() if v != ""})
                times, hits = [], 0
                for _ in range(n):
                    params = {k: v for k, v in make().items() if v != ""}
                    t0 = time.perf_counter()
                    r = client.get("/api/events", params=params)
                    times.append((time.perf_counter() - t0) * 1000)
                    r.raise_for_status()
                    hits += len(r.json()["items"])
                results[name] = {"requests": n, "p50_ms": statistics.median(times), "p95_ms": _pct(times, 95),
                                 "max_ms": max(times), "mean_items": hits / n}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--db", type=Path, help="reuse / keep the generated database here")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="ew-bench-api-")
        db = Path(tmp.name) / "bench.sqlite"
    gen_s = None
    if not db.exists():
        gen_s = generate(db, args.reports)
    results = measure(db, args.requests)
    if args.json:
        print(json.dumps({"reports": args.reports, "generate_s": gen_s, "results": results}, indent=2))
    else:
        if gen_s is not None:
            print(f"generated {args.reports:,} event reports in {gen_s:.1f}s ({db.stat().st_size / 1e6:.0f} MB)")
        print(f"{'scenario':<50} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'items':>6}")
        for name, r in results.items():
            print(f"{name:<50} {r['requests']:>5} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f} "
                  f"{r['mean_items']:>6.1f}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
