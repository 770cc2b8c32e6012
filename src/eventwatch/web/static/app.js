/* eventwatch offline dashboard.  No framework, no network beyond this server.
 * SECURITY: every string that comes from the data (article text, titles, names, quotes) is put
 * in the page with textContent / createTextNode through el(); innerHTML is never used with data.
 */
"use strict";

const TYPE_COLOURS = {
  ASSAULT: "#c0392b", COERCE: "#e67e22", THREATEN: "#d35400", PROTEST: "#8e44ad", MOBILIZE: "#a04000",
  SANCTION: "#7b241c", CRIME: "#6e2c00", DISAPPROVE: "#f1948a", REJECT: "#cd6155", DEMAND: "#f0b27a",
  INVESTIGATE: "#af7ac5", AGREE: "#1e8449", COOPERATE: "#27ae60", SUPPORT: "#52be80", AID: "#16a085",
  CONSULT: "#2e86c1", CONCEDE: "#5dade2", RETREAT: "#85c1e9",
};
const colour = (t) => TYPE_COLOURS[t] || "#566573";

const state = {
  meta: null, filters: {}, offset: 0, limit: 100, events: [], timeline: [],
  map: null, cluster: null, brush: null,
};

// ------------------------------------------------------------------ helpers
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "style") node.setAttribute("style", v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  append(node, children);
  return node;
}
function append(node, children) {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c != null) node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
const $ = (sel) => document.querySelector(sel);
const token = () => sessionStorage.getItem("ew-token") || "";

function toast(msg, error) {
  const t = $("#toast");
  t.textContent = msg;
  t.className = error ? "error" : "";
  t.style.display = "block";
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.style.display = "none"; }, 4000);
}

async function api(path, options) {
  const opts = Object.assign({ headers: {} }, options || {});
  if (token()) opts.headers["Authorization"] = "Bearer " + token();
  if (opts.body && typeof opts.body !== "string") {
    opts.body = JSON.stringify(opts.body);
    opts.headers["Content-Type"] = "application/json";
  }
  const r = await fetch(path, opts);
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) {
    const msg = (data && data.error) || (r.status + " " + r.statusText);
    const err = new Error(msg); err.status = r.status; err.data = data;
    throw err;
  }
  return data;
}

function query(extra) {
  const p = new URLSearchParams();
  const f = Object.assign({}, state.filters, extra || {});
  for (const [k, v] of Object.entries(f)) if (v !== "" && v != null) p.set(k, v);
  return p.toString();
}

function badge(type) { return el("span", { class: "badge", style: "background:" + colour(type) }, type); }
function names(list) { return (list || []).join("; "); }
function when(r) { return r.when ? r.when.date + (r.when.end ? " – " + r.when.end : "") : "undated"; }
function place(r) { return (r.where && r.where[0]) ? r.where[0].name : ""; }
function toll(r) {
  const parts = [];
  if (r.fatalities != null) parts.push(r.fatalities + " killed");
  if (r.injured != null) parts.push(r.injured + " injured");
  return parts.join(", ") || "no toll reported";
}

// Document text with the report's evidence highlighted: the quote as <mark>, the trigger,
// actors, place and date inside it as spans.  Text nodes only.
function highlighted(text, rec, offset) {
  offset = offset || 0;
  const ev = rec.evidence || {};
  const spans = [];
  const add = (s, cls) => {
    if (!s || typeof s.start !== "number" || typeof s.end !== "number") return;
    const a = s.start - offset, b = s.end - offset;
    if (a < 0 || b > text.length || a >= b) return;
    spans.push({ a, b, cls });
  };
  add(ev.quote, "quote");
  add(ev.trigger, "ev-trigger");
  (ev.actor1 || []).forEach((s) => add(s, "ev-actor1"));
  (ev.actor2 || []).forEach((s) => add(s, "ev-actor2"));
  (ev.where || []).forEach((s) => add(s, "ev-where"));
  add(ev.when, "ev-when");
  const cuts = new Set([0, text.length]);
  spans.forEach((s) => { cuts.add(s.a); cuts.add(s.b); });
  const points = [...cuts].sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  let mark = null;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const covering = spans.filter((s) => s.a <= a && s.b >= b);
    const inQuote = covering.some((s) => s.cls === "quote");
    const classes = covering.filter((s) => s.cls !== "quote").map((s) => s.cls);
    const piece = text.slice(a, b);
    const node = classes.length ? el("span", { class: classes.join(" ") }, piece) : document.createTextNode(piece);
    if (inQuote) {
      if (!mark) { mark = el("mark", { class: "ew-quote" }); frag.appendChild(mark); }
      mark.appendChild(node);
    } else {
      mark = null;
      frag.appendChild(node);
    }
  }
  return frag;
}

// ------------------------------------------------------------------ filters
function readFilters() {
  const v = (id) => $(id).value.trim();
  state.filters = {
    since: v("#f-since"), until: v("#f-until"), type: v("#f-type"), status: v("#f-status"),
    actor: v("#f-actor"), publisher: v("#f-publisher"), text: v("#f-text"),
  };
  state.offset = 0;
}
function writeDates() {
  $("#f-since").value = state.filters.since || "";
  $("#f-until").value = state.filters.until || "";
}

function setupFilters() {
  const types = $("#f-type");
  for (const p of state.meta.plover) types.appendChild(el("option", { value: p.type }, p.type));
  const statuses = $("#f-status");
  for (const s of state.meta.statuses) statuses.appendChild(el("option", { value: s }, s));
  $("#f-apply").addEventListener("click", (e) => { e.preventDefault(); readFilters(); state.brush = null; refresh(); });
  for (const id of ["#f-type", "#f-status", "#f-since", "#f-until"]) {
    $(id).addEventListener("change", () => { readFilters(); state.brush = null; refresh(); });
  }
  for (const id of ["#f-actor", "#f-publisher", "#f-text"]) {
    $(id).addEventListener("keydown", (e) => { if (e.key === "Enter") { readFilters(); refresh(); } });
  }
  $("#f-reset").addEventListener("click", () => {
    for (const id of ["#f-since", "#f-until", "#f-type", "#f-status", "#f-actor", "#f-publisher", "#f-text"]) $(id).value = "";
    readFilters(); state.brush = null; refresh();
  });
  $("#brush-clear").addEventListener("click", () => {
    state.brush = null; state.filters.since = ""; state.filters.until = ""; writeDates(); loadEvents(); drawTimeline();
  });
}

// ------------------------------------------------------------------ token
function setupToken() {
  const show = () => { $("#token-state").textContent = token() ? "token set" : (state.meta && state.meta.writes_enabled ? "read-only (no token)" : "server read-only"); };
  $("#token").value = token();
  $("#token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const t = $("#token").value.trim();
    if (t) sessionStorage.setItem("ew-token", t); else sessionStorage.removeItem("ew-token");
    show(); toast(t ? "token stored for this browser session" : "token cleared");
    route();
  });
  show();
}

// ------------------------------------------------------------------ map
async function setupMap() {
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14, attributionControl: true }).setView([20, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (public domain) · Leaflet");
  state.map = map;
  try {
    const topo = await (await fetch("/static/vendor/world-atlas/countries-50m.json")).json();
    const countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, { style: { color: "#8a8f95", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false }).addTo(map);
  } catch (e) { toast("basemap unavailable: " + e.message, true); }
  try {
    const features = await api("/api/basemap/features");
    if (features.features.length) {
      L.geoJSON(features, {
        style: (f) => (f.geometry.type.includes("Polygon")
          ? { color: "#7d6608", weight: 1, dashArray: "4 3", fillColor: "#f7dc6f", fillOpacity: 0.15 }
          : { color: "#6e2c00", weight: 2.5, opacity: 0.8 }),
        onEachFeature: (f, layer) => layer.bindTooltip(String((f.properties && f.properties.name) || ""), { sticky: true }),
      }).addTo(map);
    }
  } catch (e) { /* overlay is optional */ }
  state.cluster = L.markerClusterGroup({ maxClusterRadius: 40 });
  map.addLayer(state.cluster);
  const legend = $("#legend");
  for (const p of state.meta.plover) {
    legend.appendChild(el("span", null, el("span", { class: "swatch", style: "background:" + colour(p.type) }), p.type));
  }
}

function drawMarkers(events) {
  state.cluster.clearLayers();
  const pts = [];
  for (const r of events) {
    for (const w of r.where || []) {
      if (w.lat == null || w.lon == null) continue;
      // the icon HTML holds only a colour from TYPE_COLOURS (never data)
      const icon = L.divIcon({ className: "ew-marker", html: '<span style="background:' + colour(r.plover) + '"></span>', iconSize: [14, 14] });
      const m = L.marker([w.lat, w.lon], { icon, title: r.plover + " " + place(r) });
      const popup = el("div", null, badge(r.plover), " ", el("strong", null, when(r)), el("br"),
        names(r.actor1) || "?", " → ", names(r.actor2) || "–", el("br"), w.name, " · ", r.publisher || "", el("br"),
        el("a", { href: "#/event/" + r.report_id }, "open event"));
      m.bindPopup(popup);
      state.cluster.addLayer(m);
      pts.push([w.lat, w.lon]);
    }
  }
  if (pts.length && !state.fitted) { state.map.fitBounds(pts, { maxZoom: 8, padding: [30, 30] }); state.fitted = true; }
}

// ------------------------------------------------------------------ timeline (brushable)
async function loadTimeline() {
  const q = query({ since: "", until: "" });
  state.timeline = (await api("/api/timeline?" + q)).items;
  drawTimeline();
}

function addDays(iso, n) { const d = new Date(iso + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); }

function drawTimeline() {
  const node = $("#timeline");
  clear(node);
  const weeks = state.timeline;
  const W = node.clientWidth || 800, H = 120, pad = 18;
  if (!weeks.length) { node.appendChild(svg("text", { x: 10, y: 20 }, "no dated reports")); return; }
  // fill gaps so the axis is linear in time
  const all = [];
  for (let w = weeks[0].week; w <= weeks[weeks.length - 1].week; w = addDays(w, 7)) all.push(w);
  const counts = Object.fromEntries(weeks.map((w) => [w.week, w.count]));
  const max = Math.max(...weeks.map((w) => w.count));
  const bw = (W - 2 * pad) / all.length;
  const sel = state.filters;
  all.forEach((w, i) => {
    const n = counts[w] || 0;
    const h = max ? (H - 2 * pad) * n / max : 0;
    const inside = (!sel.since || addDays(w, 6) >= sel.since) && (!sel.until || w <= sel.until);
    node.appendChild(svg("rect", { class: "bar" + (inside ? "" : " out"), x: pad + i * bw + 1, y: H - pad - h, width: Math.max(1, bw - 2), height: h, "data-week": w },
      svg("title", null, "week of " + w + ": " + n + " report(s)")));
  });
  const step = Math.max(1, Math.ceil(all.length / 8));
  all.forEach((w, i) => { if (i % step === 0) node.appendChild(svg("text", { x: pad + i * bw, y: H - 4 }, w)); });
  if (state.brush) {
    const [a, b] = state.brush;
    node.appendChild(svg("rect", { class: "brush", x: Math.min(a, b), y: 2, width: Math.abs(b - a), height: H - pad }));
  }
  node.dataset.weeks = JSON.stringify(all);
  node.dataset.pad = pad; node.dataset.bw = bw;
}

function setupBrush() {
  const node = $("#timeline");
  let start = null;
  const x = (e) => e.clientX - node.getBoundingClientRect().left;
  node.addEventListener("mousedown", (e) => { start = x(e); state.brush = [start, start]; drawTimeline(); });
  node.addEventListener("mousemove", (e) => { if (start != null) { state.brush = [start, x(e)]; drawTimeline(); } });
  const end = (e) => {
    if (start == null) return;
    const a = Math.min(start, x(e)), b = Math.max(start, x(e));
    start = null;
    const all = JSON.parse(node.dataset.weeks || "[]");
    const pad = +node.dataset.pad, bw = +node.dataset.bw;
    if (!all.length) return;
    const i0 = Math.max(0, Math.min(all.length - 1, Math.floor((a - pad) / bw)));
    const i1 = Math.max(0, Math.min(all.length - 1, Math.floor((b - pad) / bw)));
    state.brush = [pad + i0 * bw, pad + (i1 + 1) * bw];
    state.filters.since = all[i0];
    state.filters.until = addDays(all[i1], 6);
    state.offset = 0;
    writeDates();
    drawTimeline();
    loadEvents();
  };
  node.addEventListener("mouseup", end);
  node.addEventListener("mouseleave", (e) => { if (start != null) end(e); });
}

// ------------------------------------------------------------------ events list
async function loadEvents() {
  let data;
  try {
    data = await api("/api/events?" + query({ limit: 5000 }));
  } catch (e) { toast(e.message, true); return; }
  state.events = data.items;
  $("#f-count").textContent = data.total + " report(s)";
  drawMarkers(data.items);
  drawList();
}

function drawList() {
  const body = clear($("#event-list tbody"));
  const page = state.events.slice(state.offset, state.offset + state.limit);
  for (const r of page) {
    const rejected = r.review === "rejected";
    body.appendChild(el("tr", { "data-id": r.report_id, class: rejected ? "muted" : null, onclick: () => { location.hash = "#/event/" + r.report_id; } },
      el("td", null, when(r)), el("td", null, badge(r.plover)), el("td", null, names(r.actor1)), el("td", null, names(r.actor2)),
      el("td", null, place(r)), el("td", null, r.status + (r.review ? " (" + r.review + ")" : "") + (r.corrected ? " (corrected)" : "")),
      el("td", null, r.fatalities == null ? "" : r.fatalities), el("td", null, r.publisher || ""),
      el("td", null, (r.confidence ?? 0).toFixed(2))));
  }
  const pager = clear($("#pager"));
  if (state.events.length > state.limit) {
    pager.appendChild(el("button", { disabled: state.offset === 0, onclick: () => { state.offset = Math.max(0, state.offset - state.limit); drawList(); } }, "‹ previous"));
    pager.appendChild(el("span", null, (state.offset + 1) + "–" + Math.min(state.events.length, state.offset + state.limit) + " of " + state.events.length));
    pager.appendChild(el("button", { disabled: state.offset + state.limit >= state.events.length, onclick: () => { state.offset += state.limit; drawList(); } }, "next ›"));
  }
}

async function refresh() {
  await Promise.all([loadEvents(), loadTimeline()]);
  if (currentView() === "network") loadNetwork();
}

// ------------------------------------------------------------------ network
async function loadNetwork() {
  const node = clear($("#network"));
  const tbody = clear($("#network-table tbody"));
  let net;
  try { net = await api("/api/network?" + query({ max_edges: 150 })); } catch (e) { toast(e.message, true); return; }
  const W = node.clientWidth || 900, H = 560;
  const nodes = net.nodes.map((n, i) => ({ id: n.id, w: n.weight, x: W / 2 + 200 * Math.cos(i * 2.4), y: H / 2 + 200 * Math.sin(i * 2.4), vx: 0, vy: 0 }));
  const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const edges = net.edges.map((e) => Object.assign({}, e, { s: byId[e.source], t: byId[e.target] }));
  // a small force layout: repulsion, springs along edges, gravity to the centre
  for (let it = 0; it < 300; it++) {
    const k = 1 - it / 300;
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
      a.vx += 4000 * dx / d2 / Math.sqrt(d2); a.vy += 4000 * dy / d2 / Math.sqrt(d2);
    }
    for (const e of edges) {
      const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1, f = (d - 140) * 0.02;
      e.s.vx += f * dx / d; e.s.vy += f * dy / d; e.t.vx -= f * dx / d; e.t.vy -= f * dy / d;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.01; n.vy += (H / 2 - n.y) * 0.01;
      n.x += Math.max(-20, Math.min(20, n.vx * k)); n.y += Math.max(-20, Math.min(20, n.vy * k));
      n.x = Math.max(40, Math.min(W - 40, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y));
      n.vx *= 0.5; n.vy *= 0.5;
    }
  }
  const defs = svg("defs", null,
    svg("marker", { id: "arrow-conflict", viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" }, svg("path", { d: "M0,0L10,5L0,10z", fill: "#c0392b" })),
    svg("marker", { id: "arrow-cooperation", viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" }, svg("path", { d: "M0,0L10,5L0,10z", fill: "#1e8449" })));
  node.appendChild(defs);
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  for (const e of edges) {
    const c = e.kind === "conflict" ? "#c0392b" : "#1e8449";
    node.appendChild(svg("line", { x1: e.s.x, y1: e.s.y, x2: e.t.x, y2: e.t.y, stroke: c, "stroke-opacity": 0.75, "stroke-width": 1 + 6 * e.weight / maxW, "marker-end": "url(#arrow-" + e.kind + ")", class: "edge " + e.kind },
      svg("title", null, e.source + " → " + e.target + ": " + e.weight + " report(s), " + e.conflict + " conflict, " + e.cooperation + " cooperation")));
  }
  const maxN = Math.max(1, ...nodes.map((n) => n.w));
  for (const n of nodes) {
    const g = svg("g", { class: "node" },
      svg("circle", { cx: n.x, cy: n.y, r: 5 + 10 * Math.sqrt(n.w / maxN), fill: "#34495e", "fill-opacity": 0.85 }, svg("title", null, n.id + ": " + n.w)),
      svg("text", { x: n.x + 12, y: n.y + 4 }, n.id));
    g.addEventListener("click", () => { $("#f-actor").value = n.id; readFilters(); location.hash = "#/"; refresh(); });
    node.appendChild(g);
  }
  for (const e of net.edges) {
    tbody.appendChild(el("tr", null, el("td", null, e.source), el("td", null, e.target), el("td", null, e.weight),
      el("td", null, e.conflict), el("td", null, e.cooperation), el("td", null, Object.entries(e.types).map(([t, n]) => t + " " + n).join(", "))));
  }
}

// ------------------------------------------------------------------ event page
function reviewPanel(r, after) {
  const box = el("div", { class: "review-actions" });
  const corrected = r.corrected ? Object.keys(r.corrected) : [];
  const stateLine = el("span", { class: "review-state " + (r.review || (corrected.length ? "corrected" : "")) },
    r.review ? "reviewed: " + r.review : (corrected.length ? "corrected: " + corrected.join(", ") : "not reviewed"));
  const note = el("input", { placeholder: "note (optional)", size: 24, class: "review-note" });
  const act = async (action, changes) => {
    if (!token()) { toast("enter the API token (top right) to review", true); return; }
    try {
      const res = await api("/api/events/" + r.report_id + "/review", { method: "POST", body: { action, changes, note: note.value || null, reviewer: "dashboard" } });
      toast(action + " saved");
      if (after) after(res);
    } catch (e) { toast("review failed: " + e.message, true); }
  };
  const correctType = el("select", { class: "correct-type" }, el("option", { value: "" }, "type…"), ...state.meta.plover.map((p) => el("option", { value: p.type }, p.type)));
  const correctToll = el("input", { type: "number", min: 0, placeholder: "killed", class: "correct-toll", style: "width:6em" });
  append(box, [stateLine,
    el("button", { class: "act-confirm", onclick: () => act("confirm") }, "Confirm"),
    el("button", { class: "act-reject", onclick: () => act("reject") }, "Reject"),
    correctType, correctToll,
    el("button", { class: "act-correct", onclick: () => {
      const changes = {};
      if (correctType.value) changes.plover = correctType.value;
      if (correctToll.value !== "") changes.fatalities = parseInt(correctToll.value, 10);
      if (!Object.keys(changes).length) { toast("choose a type or a toll to correct", true); return; }
      act("correct", changes);
    } }, "Correct"),
    note]);
  return box;
}

function reportCard(r, text, offset, title) {
  return el("div", { class: "card report", "data-id": r.report_id },
    el("h3", null, title || "", badge(r.plover), " ", r.publisher || "unknown outlet", " · published ", r.published || "?"),
    el("dl", { class: "kv" },
      el("dt", null, "Event date"), el("dd", null, when(r)),
      el("dt", null, "Who"), el("dd", null, (names(r.actor1) || "?") + " → " + (names(r.actor2) || "–")),
      el("dt", null, "Where"), el("dd", null, (r.where || []).map((w) => w.name + (w.country ? " (" + w.country + ")" : "")).join("; ") || "unlocated"),
      el("dt", null, "Claimed toll"), el("dd", { class: "toll" }, toll(r)),
      el("dt", null, "Status"), el("dd", null, r.status + (r.source ? " — according to " + r.source : "")),
      el("dt", null, "Confidence"), el("dd", null, (r.confidence ?? 0).toFixed(2))),
    el("div", { class: "doc-text context" }, offset > 0 ? "… " : "", highlighted(text, r, offset), "…"),
    el("a", { href: "#/doc/" + r.document_id }, "whole document"));
}

async function showEvent(id) {
  const box = clear($("#view-event"));
  let r;
  try { r = await api("/api/events/" + encodeURIComponent(id)); } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  const doc = r.document;
  append(box, [
    el("p", null, el("a", { href: "#/" }, "← back to the map")),
    el("h2", null, badge(r.plover), " ", r.mode || "", " · ", when(r), " · ", place(r)),
    reviewPanel(r, () => showEvent(id)),
    el("dl", { class: "kv" },
      el("dt", null, "Who"), el("dd", null, (names(r.actor1) || "?") + " → " + (names(r.actor2) || "–")),
      el("dt", null, "Claimed toll"), el("dd", { class: "toll" }, toll(r)),
      el("dt", null, "Status"), el("dd", null, r.status + (r.source ? " — according to " + r.source : "")),
      el("dt", null, "Outlet"), el("dd", null, el("a", { href: "#/source/" + encodeURIComponent(r.publisher || "") }, r.publisher || "unknown"), " · published ", r.published || "?"),
      el("dt", null, "ACLED"), el("dd", null, (r.acled || []).join(" / ") || "–"),
      el("dt", null, "Report id"), el("dd", null, r.id + " (#" + r.report_id + (r.key ? ", " + r.key : "") + ")"),
      el("dt", null, "Fused event"), el("dd", null, r.event || "–")),
    el("h3", null, "Source document: ", el("span", { class: "doc-title" }, doc.title || doc.doc)),
    el("div", { class: "doc-text", id: "event-doc-text" }, highlighted(doc.text, r, 0)),
    el("h3", null, (r.event ? "Other reports of fused event " + r.event : "Other reports of this event") + " (" + r.reports.length + ")"),
    r.reports.length ? r.reports.map((o) => reportCard(o, o.context.text, o.context.offset)) : el("p", { class: "muted" }, "no other outlet reported it"),
    r.review_history.length ? el("div", null, el("h3", null, "Review history"),
      el("ul", null, r.review_history.map((h) => el("li", null, h.at + " " + h.action + " by " + (h.who || "?") + (h.field ? " " + h.field + ": " + JSON.stringify(h.old) + " → " + JSON.stringify(h.new) : "") + (h.why ? " — " + h.why : ""))))) : null,
  ]);
  const m = box.querySelector("mark.ew-quote");
  if (m && m.scrollIntoView) m.scrollIntoView({ block: "center" });
}

async function showDoc(id) {
  const box = clear($("#view-doc"));
  let d;
  try { d = await api("/api/documents/" + encodeURIComponent(id)); } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  // mark every report's quote in the text
  const frag = document.createDocumentFragment();
  const quotes = d.events.map((r) => r.evidence && r.evidence.quote).filter((q) => q && q.end <= d.text.length).sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const q of quotes) {
    if (q.start < pos) continue;
    frag.appendChild(document.createTextNode(d.text.slice(pos, q.start)));
    frag.appendChild(el("mark", { class: "ew-quote" }, d.text.slice(q.start, q.end)));
    pos = q.end;
  }
  frag.appendChild(document.createTextNode(d.text.slice(pos)));
  append(box, [
    el("h2", { class: "doc-title" }, d.title || d.doc),
    el("dl", { class: "kv" }, el("dt", null, "Outlet"), el("dd", null, d.publisher || "?"), el("dt", null, "Published"), el("dd", null, (d.published || "?") + " (" + (d.published_source || "?") + ")"),
      el("dt", null, "URL"), el("dd", null, d.url || "–"), el("dt", null, "Language / state"), el("dd", null, (d.language || "?") + " / " + d.state)),
    el("div", { class: "doc-text", id: "doc-text" }, frag),
    el("h3", null, "Event reports"),
    el("ul", null, d.events.map((r) => el("li", null, el("a", { href: "#/event/" + r.report_id }, r.plover + " · " + when(r) + " · " + place(r))))),
    d.removed.length ? el("div", null, el("h3", null, "Removed at ingestion"), d.removed.map((x) => el("div", { class: "card" }, el("strong", null, x.kind), el("div", { class: "doc-text" }, x.text)))) : null,
  ]);
}

// ------------------------------------------------------------------ sources
async function showSources() {
  const box = clear($("#view-sources"));
  let data;
  try { data = await api("/api/publishers?" + query()); } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  const body = el("tbody");
  for (const p of data.items) {
    body.appendChild(el("tr", { onclick: () => { location.hash = "#/source/" + encodeURIComponent(p.publisher || ""); } },
      el("td", null, p.publisher || "(unknown)"), el("td", null, p.documents), el("td", null, p.reports), el("td", null, p.fatalities_reported),
      el("td", null, Object.entries(p.reports_by_type).map(([t, n]) => el("span", null, badge(t), " " + n + " "))),
      el("td", null, p.blames.slice(0, 4).map((b) => b.actor + " (" + b.reports + ")").join(", "))));
  }
  append(box, [el("h2", null, "Sources: what each outlet reports, whom it blames"),
    el("table", { class: "list", id: "sources-table" }, el("thead", null, el("tr", null, ["Outlet", "Documents", "Reports", "Killed (sum of claims)", "Types", "Blames (actor 1)"].map((h) => el("th", null, h)))), body)]);
}

async function showSource(name) {
  const box = clear($("#view-source"));
  let p;
  try { p = await api("/api/publishers/" + encodeURIComponent(name) + "?" + query({ publisher: "" })); } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  const maxB = Math.max(1, ...p.blames.map((b) => b.reports));
  append(box, [
    el("p", null, el("a", { href: "#/sources" }, "← all sources")),
    el("h2", null, p.publisher || "(unknown)"),
    el("p", null, p.documents + " documents, " + p.reports + " event reports, " + p.fatalities_reported + " killed in its claims"),
    el("h3", null, "Whom it blames (actor 1)"),
    el("div", { class: "bars" }, p.blames.map((b) => el("div", null, el("span", { style: "width:" + (10 * b.reports / maxB) + "em" }), b.actor + " — " + b.reports))),
    el("h3", null, "Whom it names as targets (actor 2)"),
    el("ul", null, p.targets.map((b) => el("li", null, b.actor + " — " + b.reports))),
    el("h3", null, "What it reports"),
    el("p", null, Object.entries(p.reports_by_type).map(([t, n]) => el("span", null, badge(t), " " + n + "  "))),
    el("h3", null, "Reports"),
    el("ul", null, p.recent.map((r) => el("li", null, el("a", { href: "#/event/" + r.report_id }, when(r) + " · " + r.plover + " · " + (names(r.actor1) || "?") + " → " + (names(r.actor2) || "–") + " · " + toll(r))))),
  ]);
}

// ------------------------------------------------------------------ review queue
async function showReview() {
  const box = clear($("#view-review"));
  let q;
  try { q = await api("/api/review/queue?limit=200"); } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  append(box, [el("h2", null, "Review queue (" + q.total + ")"),
    el("p", { class: "muted" }, "Reports with confidence below " + q.threshold + " or a disputed status (claimed / denied), lowest confidence first. Actions need the API token."),
    q.items.length ? null : el("p", null, "Nothing to review."),
  ]);
  for (const r of q.items) {
    const card = el("div", { class: "card queue-item", "data-id": r.report_id },
      el("h3", null, badge(r.plover), " ", el("a", { href: "#/event/" + r.report_id }, when(r) + " · " + place(r) + " · " + (r.publisher || "?"))),
      el("p", { class: "muted" }, r.reasons.join("; ")),
      el("blockquote", { class: "quote" }, r.quote),
      reviewPanel(r, () => showReview()));
    box.appendChild(card);
  }
}

// ------------------------------------------------------------------ routing
function currentView() {
  const h = location.hash.replace(/^#\/?/, "");
  const head = h.split("/")[0];
  return { "": "map", network: "network", event: "event", doc: "doc", sources: "sources", source: "source", review: "review" }[head] || "map";
}

function route() {
  const view = currentView();
  const arg = decodeURIComponent(location.hash.replace(/^#\/?[^/]*\/?/, ""));
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== "view-" + view; });
  document.querySelectorAll("header nav a[data-view]").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  $("#filters").hidden = !["map", "network", "sources"].includes(view);
  if (view === "map") { setTimeout(() => { state.map.invalidateSize(); drawTimeline(); }, 0); loadEvents(); }
  else if (view === "network") loadNetwork();
  else if (view === "event") showEvent(arg);
  else if (view === "doc") showDoc(arg);
  else if (view === "sources") showSources();
  else if (view === "source") showSource(arg);
  else if (view === "review") showReview();
}

async function main() {
  try { state.meta = await api("/api/meta"); } catch (e) {
    state.meta = { plover: [], statuses: [], writes_enabled: false };
    toast(e.status === 401 ? "this server needs the API token for reads: enter it top right" : e.message, true);
  }
  setupToken();
  setupFilters();
  await setupMap();
  setupBrush();
  readFilters();
  window.addEventListener("hashchange", route);
  window.addEventListener("resize", () => drawTimeline());
  await loadTimeline();
  route();
  document.body.dataset.ready = "1";
}

main();
