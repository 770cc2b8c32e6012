/* Review of fused events, in the same store objects `eventwatch review` acts on: confirm, reject,
 * correct (type, status, killed, actors, place, date), merge with another event, split reports
 * off.  The server records each action under the analyst its token maps to (never a name the
 * page sends) and checks the values: actors against the knowledge base, places through the
 * gazetteer, dates parsed; its message (with suggestions) is shown when it refuses.
 */
import { $, api, append, badge, clear, el, names, state, toast, token } from "./core.js";

function needToken() {
  if (token()) return false;
  toast("enter the API token (top right) to review", true);
  return true;
}

function refusal(e) {
  const s = e.data && e.data.detail && e.data.detail.suggestions;
  const hint = Array.isArray(s) ? s : (s && typeof s === "object" ? Object.values(s).flat() : []);
  return e.message + (hint.length && !e.message.includes("did you mean") ? " — did you mean: " + hint.join("; ") + "?" : "");
}

async function post(path, body, done) {
  if (needToken()) return null;
  try {
    const res = await api(path, { method: "POST", body });
    toast("saved (as " + res.by + ")");
    if (done) done(res);
    return res;
  } catch (e) {
    toast("refused: " + refusal(e), true);
    return null;
  }
}

function field(label, input) { return el("label", { class: "form-field" }, el("span", null, label), input); }

function correctionForm(ev, reload) {
  const type = el("select", { name: "plover" }, el("option", { value: "" }, "—"), ...state.meta.plover.map((p) => el("option", { value: p.type }, p.type)));
  const status = el("select", { name: "status" }, el("option", { value: "" }, "—"), ...state.meta.statuses.map((s) => el("option", { value: s }, s)));
  const killed = el("input", { name: "fatalities", type: "number", min: 0, class: "num" });
  const actor1 = el("input", { name: "actor1", placeholder: names(ev.actor1) || "names; separated by ;" });
  const actor2 = el("input", { name: "actor2", placeholder: names(ev.actor2) || "names; separated by ;" });
  const where = ev.where || {};
  const placeIn = el("input", { name: "place", placeholder: (where.name || "place") + (where.country ? ", " + where.country : "") });
  const dateIn = el("input", { name: "date", placeholder: (ev.when && ev.when.date) || "YYYY-MM-DD" });
  const unknown = el("input", { type: "checkbox", name: "allow_unknown_actors" });
  const note = el("input", { name: "note", placeholder: "why (recorded with the change)", class: "wide" });
  const split = (v) => v.split(";").map((x) => x.trim()).filter(Boolean);
  const form = el("form", { class: "card review-form correct-form" },
    el("h3", null, "Correct this event"),
    el("div", { class: "form-grid" }, field("Type", type), field("Status", status), field("Killed", killed),
      field("Actor 1", actor1), field("Actor 2", actor2), field("Place", placeIn), field("Date", dateIn)),
    el("label", { class: "inline" }, unknown, " allow actors the knowledge base does not know"),
    el("div", { class: "row" }, note, el("button", { type: "submit", class: "act-correct" }, "Save correction")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const changes = {};
    if (type.value) changes.plover = type.value;
    if (status.value) changes.status = status.value;
    if (killed.value !== "") changes.fatalities = parseInt(killed.value, 10);
    if (actor1.value.trim()) changes.actor1 = split(actor1.value);
    if (actor2.value.trim()) changes.actor2 = split(actor2.value);
    if (placeIn.value.trim()) changes.place = placeIn.value.trim();
    if (dateIn.value.trim()) changes.date = dateIn.value.trim();
    if (unknown.checked) changes.allow_unknown_actors = true;
    if (Object.keys(changes).filter((k) => k !== "allow_unknown_actors").length === 0) { toast("fill in a field to correct", true); return; }
    post("/api/dashboard/events/" + encodeURIComponent(ev.id) + "/review", { action: "correct", changes, note: note.value || null }, reload);
  });
  return form;
}

function decisionBar(ev, reload) {
  const note = el("input", { placeholder: "note (optional)", class: "review-note" });
  const act = (action) => post("/api/dashboard/events/" + encodeURIComponent(ev.id) + "/review", { action, note: note.value || null }, reload);
  const corrected = Object.keys(ev.corrected || {});
  const label = ev.review ? "reviewed: " + ev.review : (corrected.length ? "corrected: " + corrected.join(", ") : "not reviewed");
  return el("div", { class: "review-actions" },
    el("span", { class: "review-state " + (ev.review || (corrected.length ? "corrected" : "")) }, label),
    el("button", { class: "act-confirm", onclick: () => act("confirm") }, "Confirm"),
    el("button", { class: "act-reject", onclick: () => act("reject") }, "Reject"), note);
}

function mergeForm(ev) {
  const other = el("input", { name: "other", placeholder: "ev-… to merge into this one", pattern: "ev-[A-Za-z0-9._-]+", required: true });
  const note = el("input", { name: "note", placeholder: "why" });
  const form = el("form", { class: "card review-form merge-form" }, el("h3", null, "Merge another event into this one"),
    el("div", { class: "row" }, other, note, el("button", { type: "submit" }, "Merge")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    post("/api/dashboard/merge", { keep: ev.id, other: other.value.trim(), note: note.value || null }, (res) => showFused(res.event));
  });
  return form;
}

function memberCard(r, selectable) {
  const box = selectable ? el("input", { type: "checkbox", class: "split-pick", value: r.key || r.id }) : null;
  return el("div", { class: "card report member", "data-key": r.key || "" },
    el("h3", null, box, " ", badge(r.plover), " ", r.publisher || "unknown outlet", " · ", r.when ? r.when.date : "undated",
      r.review ? " · " + r.review : ""),
    el("p", null, (names(r.actor1) || "?") + " → " + (names(r.actor2) || "–"), " · ", r.status || "",
      r.fatalities != null ? " · " + r.fatalities + " killed" : ""),
    el("blockquote", { class: "quote" }, r.quote || ""),
    el("a", { href: "#/event/" + encodeURIComponent(r.id) }, "the report in its document"));
}

function splitForm(ev, members) {
  const note = el("input", { name: "note", placeholder: "why" });
  const form = el("form", { class: "review-form split-form row" }, note, el("button", { type: "submit" }, "Split the ticked reports into a new event"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const picked = [...document.querySelectorAll("#view-fused .split-pick:checked")].map((x) => x.value);
    if (!picked.length) { toast("tick the reports to split off", true); return; }
    post("/api/dashboard/split", { event: ev.id, reports: picked, note: note.value || null }, (res) => { location.hash = "#/fused/" + encodeURIComponent(res.new_event); });
  });
  return members.length > 1 ? form : el("p", { class: "muted" }, "A single report cannot be split.");
}

export async function showFused(id) {
  const box = clear($("#view-fused"));
  let ev, hist;
  try {
    [ev, hist] = await Promise.all([api("/api/fused/" + encodeURIComponent(id)), api("/api/dashboard/events/" + encodeURIComponent(id) + "/history")]);
  } catch (e) { box.appendChild(el("p", null, e.message)); return; }
  if (ev.id !== id) { location.hash = "#/fused/" + encodeURIComponent(ev.id); return; }
  const reload = () => showFused(ev.id);
  const where = ev.where || {};
  const tolls = ev.fatalities && typeof ev.fatalities === "object" ? ev.fatalities.min + "–" + ev.fatalities.max + " killed (by outlet)" : (ev.fatalities != null ? ev.fatalities + " killed" : "no toll reported");
  const members = ev.members || [];
  append(box, [
    el("p", null, el("a", { href: "#/" }, "← back to the map")),
    el("h2", null, badge(ev.plover), " ", ev.status || "", " · ", (ev.when && ev.when.date) || "undated", " · ", where.name || "unlocated"),
    el("p", { class: "muted" }, "Fused event ", el("code", { class: "event-id" }, ev.id), " · ", (ev.n_reports || members.length) + " report(s) from " + (ev.n_publishers || 0) + " outlet(s): " + (ev.publishers || []).join(", ")),
    decisionBar(ev, reload),
    el("dl", { class: "kv summary" },
      el("dt", null, "Who"), el("dd", { class: "who" }, (names(ev.actor1) || "?") + " → " + (names(ev.actor2) || "–")),
      el("dt", null, "Where"), el("dd", { class: "where" }, (where.name || "unlocated") + (where.admin1 ? ", " + where.admin1 : "") + (where.country ? " (" + where.country + ")" : "") + (where.lat != null ? " · " + where.lat.toFixed(4) + ", " + where.lon.toFixed(4) : "")),
      el("dt", null, "When"), el("dd", { class: "when" }, (ev.when && ev.when.date) || "undated"),
      el("dt", null, "Toll"), el("dd", { class: "toll" }, tolls),
      el("dt", null, "Flags"), el("dd", null, (ev.flags || []).join(", ") || "–")),
    correctionForm(ev, reload),
    mergeForm(ev),
    el("h3", null, "Reports (" + members.length + ")"),
    members.map((r) => memberCard(r, members.length > 1)),
    splitForm(ev, members),
    el("h3", null, "Review history"),
    hist.items.length ? el("ul", { class: "history" }, hist.items.map((h) => el("li", null,
      h.at + " · " + h.action + " by " + (h.who || "?") + (h.field ? " · " + h.field + ": " + JSON.stringify(h.old) + " → " + JSON.stringify(h.new) : "") + (h.why ? " — " + h.why : ""))))
      : el("p", { class: "muted" }, "no analyst action yet"),
  ]);
}

/** confirm / reject one report (review queue), recorded under the token's analyst */
export function reportDecision(r, after) {
  const note = el("input", { placeholder: "note (optional)", size: 24, class: "review-note" });
  const act = (action) => post("/api/dashboard/reports/" + encodeURIComponent(r.key || r.report_id) + "/review", { action, note: note.value || null }, after);
  return el("div", { class: "review-actions" },
    el("span", { class: "review-state " + (r.review || "") }, r.review ? "reviewed: " + r.review : "not reviewed"),
    el("button", { class: "act-confirm", onclick: () => act("confirm") }, "Confirm"),
    el("button", { class: "act-reject", onclick: () => act("reject") }, "Reject"), note,
    r.event ? el("a", { href: "#/fused/" + encodeURIComponent(r.event) }, "review its event (actors, place, date, merge, split)") : null);
}
