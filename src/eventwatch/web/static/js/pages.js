/* Pages about one report, one document, the sources (outlets) and the review queue.
 * Article text is only ever inserted with text nodes (textContent), never innerHTML.
 */
import { $, api, append, badge, clear, el, names, place, toll, when } from "./core.js";
import { query } from "./filters.js";
import { reportDecision } from "./review.js";

// Document text with the report's evidence highlighted: the quote as <mark>, the trigger,
// actors, place and date inside it as spans.  Text nodes only.
export function highlighted(text, rec, offset) {
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

export async function showEvent(id) {
  const box = clear($("#view-event"));
  let r;
  try { r = await api("/api/events/" + encodeURIComponent(id)); } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  const doc = r.document;
  append(box, [
    el("p", null, el("a", { href: "#/" }, "← back to the map")),
    el("h2", null, badge(r.plover), " ", r.mode || "", " · ", when(r), " · ", place(r)),
    reportDecision(r, () => showEvent(id)),
    el("dl", { class: "kv" },
      el("dt", null, "Who"), el("dd", null, (names(r.actor1) || "?") + " → " + (names(r.actor2) || "–")),
      el("dt", null, "Claimed toll"), el("dd", { class: "toll" }, toll(r)),
      el("dt", null, "Status"), el("dd", null, r.status + (r.source ? " — according to " + r.source : "")),
      el("dt", null, "Outlet"), el("dd", null, el("a", { href: "#/source/" + encodeURIComponent(r.publisher || "") }, r.publisher || "unknown"), " · published ", r.published || "?"),
      el("dt", null, "ACLED"), el("dd", null, (r.acled || []).join(" / ") || "–"),
      el("dt", null, "Report id"), el("dd", null, r.id + " (#" + r.report_id + (r.key ? ", " + r.key : "") + ")"),
      el("dt", null, "Fused event"), el("dd", null, r.event ? el("a", { href: "#/fused/" + encodeURIComponent(r.event) }, r.event) : "–")),
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

export async function showDoc(id) {
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
export async function showSources() {
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

function bar(em) {
  const span = el("span");
  span.style.width = em + "em"; // CSSOM, allowed by a CSP without 'unsafe-inline'
  return span;
}

export async function showSource(name) {
  const box = clear($("#view-source"));
  let p;
  try { p = await api("/api/publishers/" + encodeURIComponent(name) + "?" + query({ publisher: "" })); } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  const maxB = Math.max(1, ...p.blames.map((b) => b.reports));
  append(box, [
    el("p", null, el("a", { href: "#/sources" }, "← all sources")),
    el("h2", null, p.publisher || "(unknown)"),
    el("p", null, p.documents + " documents, " + p.reports + " event reports, " + p.fatalities_reported + " killed in its claims"),
    el("h3", null, "Whom it blames (actor 1)"),
    el("div", { class: "bars" }, p.blames.map((b) => el("div", null, bar(10 * b.reports / maxB), b.actor + " — " + b.reports))),
    el("h3", null, "Whom it names as targets (actor 2)"),
    el("ul", null, p.targets.map((b) => el("li", null, b.actor + " — " + b.reports))),
    el("h3", null, "What it reports"),
    el("p", null, Object.entries(p.reports_by_type).map(([t, n]) => el("span", null, badge(t), " " + n + "  "))),
    el("h3", null, "Reports"),
    el("ul", null, p.recent.map((r) => el("li", null, el("a", { href: "#/event/" + r.report_id }, when(r) + " · " + r.plover + " · " + (names(r.actor1) || "?") + " → " + (names(r.actor2) || "–") + " · " + toll(r))))),
  ]);
}

// ------------------------------------------------------------------ review queue
export async function showReview() {
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
      reportDecision(r, () => showReview()));
    box.appendChild(card);
  }
}

