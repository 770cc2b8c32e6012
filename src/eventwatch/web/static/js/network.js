/* Actor network: who acts on whom (arrow actor1 -> actor2, width = reports, red conflict, green
 * cooperation).  A force layout places the nodes, then overlapping labels are pushed apart
 * (each node + its label is a box) so every name can be read.  "Fold forces into their state"
 * draws a state's armed forces and units as the state (the API folds, from the knowledge base).
 */
import { $, api, clear, el, svg, toast } from "./core.js";
import { options, query, set, setOption } from "./filters.js";

const H = 560, CHAR_W = 6.6, LABEL_H = 14;

/** remove overlaps between boxes {x, y, w, h} (x, y = the node centre, box to the right) */
export function separate(boxes, width, height, rounds = 200) {
  for (let r = 0; r < rounds; r++) {
    let moved = false;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        const ox = Math.min(a.x - 8 + a.w, b.x - 8 + b.w) - Math.max(a.x - 8, b.x - 8);
        const oy = Math.min(a.y + a.h / 2, b.y + b.h / 2) - Math.max(a.y - a.h / 2, b.y - b.h / 2);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (oy < ox) { const d = (oy / 2 + 1) * (a.y <= b.y ? 1 : -1); a.y -= d; b.y += d; }
        else { const d = (ox / 2 + 1) * (a.x <= b.x ? 1 : -1); a.x -= d; b.x += d; }
      }
    }
    for (const b of boxes) {
      b.x = Math.max(12, Math.min(width - b.w, b.x));
      b.y = Math.max(b.h / 2 + 2, Math.min(height - b.h / 2 - 2, b.y));
    }
    if (!moved) return true;
  }
  return false;
}

function forceLayout(nodes, edges, W) {
  for (let it = 0; it < 300; it++) {
    const k = 1 - it / 300;
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
      a.vx += 5000 * dx / d2 / Math.sqrt(d2); a.vy += 5000 * dy / d2 / Math.sqrt(d2);
    }
    for (const e of edges) {
      const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1, f = (d - 160) * 0.02;
      e.s.vx += f * dx / d; e.s.vy += f * dy / d; e.t.vx -= f * dx / d; e.t.vy -= f * dy / d;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.01; n.vy += (H / 2 - n.y) * 0.01;
      n.x += Math.max(-20, Math.min(20, n.vx * k)); n.y += Math.max(-20, Math.min(20, n.vy * k));
      n.x = Math.max(20, Math.min(W - 20 - n.w, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y));
      n.vx *= 0.5; n.vy *= 0.5;
    }
  }
}

/** a gently curved edge (so A -> B and B -> A are both visible), stopping `gap` short of the target */
function edgePath(s, t, gap) {
  const dx = t.x - s.x, dy = t.y - s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
  const mx = (s.x + t.x) / 2 - dy * 0.15, my = (s.y + t.y) / 2 + dx * 0.15; // control point, left of s -> t
  const ex = t.x - (t.x - mx) / Math.hypot(t.x - mx, t.y - my) * gap, ey = t.y - (t.y - my) / Math.hypot(t.x - mx, t.y - my) * gap;
  return "M" + s.x.toFixed(1) + "," + s.y.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) + " " + ex.toFixed(1) + "," + ey.toFixed(1);
}

/** stretch the layout to use the whole drawing (labels included), keeping its shape */
function spread(nodes, W) {
  if (nodes.length < 2) return;
  const x0 = Math.min(...nodes.map((n) => n.x)), x1 = Math.max(...nodes.map((n) => n.x));
  const y0 = Math.min(...nodes.map((n) => n.y)), y1 = Math.max(...nodes.map((n) => n.y));
  const maxLabel = Math.max(...nodes.map((n) => n.w));
  const sx = (W - 40 - maxLabel) / Math.max(x1 - x0, 1), sy = (H - 60) / Math.max(y1 - y0, 1);
  for (const n of nodes) { n.x = 20 + (n.x - x0) * sx; n.y = 30 + (n.y - y0) * sy; }
}

export function setupNetwork() {
  const fold = $("#net-fold");
  fold.checked = options.fold === "1";
  fold.addEventListener("change", () => { setOption("fold", fold.checked ? "1" : ""); loadNetwork(); });
}

export async function loadNetwork() {
  const node = clear($("#network"));
  const tbody = clear($("#network-table tbody"));
  let net;
  const fold = options.fold === "1";
  try { net = await api("/api/dashboard/network?" + query({ max_edges: 150, fold: fold ? "true" : "" })); } catch (e) { toast(e.message, true); return; }
  const W = node.clientWidth || 900;
  const nodes = net.nodes.map((n, i) => ({ id: n.id, weight: n.weight, folded: n.folded || [], w: 16 + CHAR_W * n.id.length, h: LABEL_H + 4,
    x: W / 2 + 220 * Math.cos(i * 2.4), y: H / 2 + 200 * Math.sin(i * 2.4), vx: 0, vy: 0 }));
  const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const edges = net.edges.map((e) => Object.assign({}, e, { s: byId[e.source], t: byId[e.target] }));
  forceLayout(nodes, edges, W);
  spread(nodes, W);
  node.dataset.separated = String(separate(nodes, W, H));
  const arrow = (kind, fill) => svg("marker", { id: "arrow-" + kind, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9,
    markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" }, svg("path", { d: "M0,0L10,5L0,10z", fill }));
  node.appendChild(svg("defs", null, arrow("conflict", "#c0392b"), arrow("cooperation", "#1e8449")));
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const maxN = Math.max(1, ...nodes.map((n) => n.weight));
  const radius = (n) => 4 + 6 * Math.sqrt(n.weight / maxN);
  for (const e of edges) {
    const c = e.kind === "conflict" ? "#c0392b" : "#1e8449";
    node.appendChild(svg("path", { d: edgePath(e.s, e.t, radius(e.t) + 3), fill: "none", stroke: c, "stroke-opacity": 0.7,
      "stroke-width": 1 + 5 * e.weight / maxW, "marker-end": "url(#arrow-" + e.kind + ")", class: "edge " + e.kind },
    svg("title", null, e.source + " → " + e.target + ": " + e.weight + " report(s), " + e.conflict + " conflict, " + e.cooperation + " cooperation")));
  }
  for (const n of nodes) {
    const tip = n.id + ": " + n.weight + (n.folded.length ? " (includes " + n.folded.join(", ") + ")" : "");
    const g = svg("g", { class: "node" + (n.folded.length ? " folded" : "") },
      svg("circle", { cx: n.x, cy: n.y, r: radius(n), fill: "#34495e", "fill-opacity": 0.85 }, svg("title", null, tip)),
      svg("text", { x: n.x + 10, y: n.y + 4, class: "label" }, n.id));
    g.addEventListener("click", () => { location.hash = "#/"; set({ actor: n.id }); });
    node.appendChild(g);
  }
  for (const e of net.edges) {
    tbody.appendChild(el("tr", null, el("td", null, e.source), el("td", null, e.target), el("td", null, e.weight),
      el("td", null, e.conflict), el("td", null, e.cooperation), el("td", null, Object.entries(e.types).map(([t, n]) => t + " " + n).join(", "))));
  }
}
