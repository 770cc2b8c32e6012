"""Two ``eventwatch run`` at once on one SQLite file, N times: no crash, no lost document,
the same final counts as one run (issue 15).

    python scripts/concurrent_runs.py [--trials 20] [--docs 6]

Each trial starts two ``eventwatch run`` processes on the same inputs and the same database
(a new database on even trials: both race to create and migrate it; on odd trials a database
that already holds some documents), waits for both, and compares documents, their states,
event reports and fused events with one reference run.  Prints one line per trial.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

EXE = str(Path(sys.executable).with_name("eventwatch"))
TEXTS = [
    "Gunmen attacked a police post near Kidal on Monday, killing {n} officers, local officials said.",
    "The army shelled rebel positions outside Tessalit on Tuesday, residents said; {n} fighters died.",
    "Protesters blocked the main road into Gao on Friday to demand the release of {n} detained students.",
]


def _inputs(root: Path, n_docs: int) -> Path:
    d = root / "in"
    d.mkdir()
    for i in range(n_docs):
        (d / f"doc{i:02d}.txt").write_text(TEXTS[i % len(TEXTS)].format(n=i + 2), encoding="utf-8")
    return d


def _counts(db: Path) -> dict[str, object]:
    out = subprocess.run([EXE, "stats", "--json", "--db", str(db)], capture_output=True, text=True, check=True)
    s = json.loads(out.stdout)
    return {k: s[k] for k in ("documents", "documents_by_state", "event_reports", "fused_events")}


def _run(inputs: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([EXE, "run", str(inputs), "--db", str(db), "--no-show"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--docs", type=int, default=6)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = _inputs(root, args.docs)
        ref_db = root / "reference.sqlite"
        p = _run(inputs, ref_db)
        p.communicate()
        reference = _counts(ref_db)
        print(f"reference (one run): {reference}")
        bad = 0
        for trial in range(args.trials):
            db = root / f"trial{trial}.sqlite"
            if trial % 2:  # an existing database with part of the input already stored
                subprocess.run([EXE, "ingest", str(inputs / "doc00.txt"), "--db", str(db)], capture_output=True,
                               check=True)
            procs = [_run(inputs, db) for _ in range(2)]
            outs = [proc.communicate() for proc in procs]
            codes = [proc.returncode for proc in procs]
            crashed = any("Traceback" in err or "UNIQUE constraint" in err for _, err in outs)
            counts = _counts(db)
            ok = codes == [0, 0] and not crashed and counts == reference
            bad += not ok
            print(f"trial {trial + 1:2d} ({'existing' if trial % 2 else 'new'} db): exit {codes}, "
                  f"{'ok' if ok else 'MISMATCH ' + json.dumps(counts)}")
            if not ok:
                for _, err in outs:
                    print("   ", err.strip().splitlines()[-3:])
        print(f"{args.trials - bad}/{args.trials} trials: no crash, no lost document, same counts as one run")
        return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
