/* Timeline: events (not reports) per week (per month when they span more than two years), stacked
 * by PLOVER type, with a count axis and a date axis.  Drag across it to set the period filter;
 * undated events are counted beside it.
 */
import { $, addDays, clear, colour, svg, weekOf } from "./core.js";
import { filters, set } from "./filters.js";

const H = 150, PAD_L = 34, PAD_R = 8, PAD_T = 12, PAD_B = 22, MAX_BAR = 48;
const t = { events: [], brush: null, weeks: [], bw: 0, end: (b) => b };

const MAX_WEEKS = 104;
const monthOf = (iso) => iso.slice(0, 7) + "-01";
function nextMonth(m) { const d = new Date(m + "T00:00:00Z"); d.setUTCMonth(d.getUTCMonth() + 1); return d.toISOString().slice(0, 10); }
function lastDay(m) { return addDays(nextMonth(m), -1); }

/** {bucket: {TYPE: n}}, the ordered buckets from the first to the last (gaps filled), and the
 * bucket size: weeks (Monday start), or months when the events span more than MAX_WEEKS weeks */
export function stacked(events) {
  const dated = events.filter((e) => e.date && weekOf(e.date));
  const wk = dated.map((e) => weekOf(e.date)).sort();
  const spanWeeks = wk.length ? (new Date(wk[wk.length - 1]) - new Date(wk[0])) / 6048e5 : 0;
  const unit = spanWeeks > MAX_WEEKS ? "month" : "week";
  const bucketOf = unit === "week" ? weekOf : (d) => monthOf(d.length === 4 ? d + "-01" : d);
  const step = unit === "week" ? (b) => addDays(b, 7) : nextMonth;
  const stacks = {};
  for (const e of dated) {
    const b = bucketOf(e.date);
    const s = stacks[b] || (stacks[b] = {});
    s[e.plover || "?"] = (s[e.plover || "?"] || 0) + 1;
  }
  const keys = Object.keys(stacks).sort();
  const buckets = [];
  if (keys.length) for (let b = keys[0]; b <= keys[keys.length - 1]; b = step(b)) buckets.push(b);
  return { stacks, buckets, unit, end: unit === "week" ? (b) => addDays(b, 6) : lastDay };
}

function niceStep(max) {
  const raw = max / 4, mag = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return Math.max(1, m * mag);
  return mag * 10;
}

export function setTimelineEvents(events) { t.events = events; drawTimeline(); }

export function drawTimeline() {
  const node = $("#timeline");
  clear(node);
  const W = node.clientWidth || 800;
  const { stacks, buckets: weeks, unit, end } = stacked(t.events);
  const undated = t.events.filter((e) => !e.date).length;
  $("#timeline-undated").textContent = undated ? undated + " undated event(s) not on the axis" : "";
  $("#timeline-unit").textContent = unit;
  node.dataset.unit = unit;
  t.weeks = weeks;
  t.end = end;
  if (!weeks.length) { node.appendChild(svg("text", { x: 10, y: 20 }, "no dated events")); return; }
  const totals = weeks.map((w) => Object.values(stacks[w] || {}).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max), top = Math.ceil(max / step) * step;
  const plotH = H - PAD_T - PAD_B, bw = (W - PAD_L - PAD_R) / weeks.length;
  t.bw = bw;
  const y = (v) => H - PAD_B - plotH * v / top;
  // count axis
  const axis = svg("g", { class: "axis y-axis" });
  for (let v = 0; v <= top; v += step) {
    axis.appendChild(svg("line", { x1: PAD_L - 3, x2: W - PAD_R, y1: y(v), y2: y(v), class: v ? "grid" : "base" }));
    axis.appendChild(svg("text", { x: PAD_L - 5, y: y(v) + 3, "text-anchor": "end" }, String(v)));
  }
  node.appendChild(axis);
  // stacked bars
  const inRange = (w) => (!filters.since || end(w) >= filters.since) && (!filters.until || w <= filters.until);
  weeks.forEach((w, i) => {
    const g = svg("g", { class: "week" + (inRange(w) ? "" : " out"), "data-week": w, "data-count": totals[i] });
    let acc = 0;
    for (const [type, n] of Object.entries(stacks[w] || {}).sort()) {
      const barW = Math.max(1, Math.min(bw - 2, MAX_BAR));
      g.appendChild(svg("rect", { class: "bar", x: PAD_L + (i + 0.5) * bw - barW / 2, y: y(acc + n), width: barW, height: y(acc) - y(acc + n),
        fill: colour(type), "data-type": type }, svg("title", null, unit + " of " + w + ": " + n + " " + type)));
      acc += n;
    }
    if (totals[i] && bw >= 14) g.appendChild(svg("text", { class: "count", x: PAD_L + (i + 0.5) * bw, y: y(acc) - 2, "text-anchor": "middle" }, String(totals[i])));
    g.appendChild(svg("title", null, unit + " of " + w + ": " + totals[i] + " event(s)"));
    node.appendChild(g);
  });
  // date axis
  const every = Math.max(1, Math.ceil(weeks.length / Math.max(1, Math.floor((W - PAD_L) / 80))));
  const xAxis = svg("g", { class: "axis x-axis" });
  weeks.forEach((w, i) => {
    if (i % every) return;
    const cx = PAD_L + (i + 0.5) * bw;
    xAxis.appendChild(svg("line", { x1: cx, x2: cx, y1: H - PAD_B, y2: H - PAD_B + 4 }));
    xAxis.appendChild(svg("text", { x: cx, y: H - 6, "text-anchor": i === 0 && bw < 60 ? "start" : "middle" }, unit === "month" ? w.slice(0, 7) : w));
  });
  node.appendChild(xAxis);
  if (t.brush) {
    const [a, b] = t.brush;
    node.appendChild(svg("rect", { class: "brush", x: Math.min(a, b), y: PAD_T, width: Math.abs(b - a), height: plotH }));
  }
}

export function setupBrush() {
  const node = $("#timeline");
  let start = null;
  const x = (e) => e.clientX - node.getBoundingClientRect().left;
  node.addEventListener("mousedown", (e) => { start = x(e); t.brush = [start, start]; drawTimeline(); });
  node.addEventListener("mousemove", (e) => { if (start != null) { t.brush = [start, x(e)]; drawTimeline(); } });
  const end = (e) => {
    if (start == null) return;
    const a = Math.min(start, x(e)), b = Math.max(start, x(e));
    start = null;
    if (!t.weeks.length) return;
    const idx = (px) => Math.max(0, Math.min(t.weeks.length - 1, Math.floor((px - PAD_L) / t.bw)));
    const i0 = idx(a), i1 = idx(b);
    t.brush = [PAD_L + i0 * t.bw, PAD_L + (i1 + 1) * t.bw];
    set({ since: t.weeks[i0], until: t.end(t.weeks[i1]) });
  };
  node.addEventListener("mouseup", end);
  node.addEventListener("mouseleave", (e) => { if (start != null) end(e); });
  $("#brush-clear").addEventListener("click", () => { t.brush = null; set({ since: "", until: "" }); });
}
