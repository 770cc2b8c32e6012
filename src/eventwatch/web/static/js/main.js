/* eventwatch dashboard: boot, routing (#/view/arg), the token, the event list and the download
 * of the current view.  The map, timeline and list show fused events (one per event, however many
 * outlets reported it), from /api/dashboard/events with the filters of the URL.
 */
import { $, api, badge, clear, el, names, state, statusClass, toast, token } from "./core.js";
import { onChange, query, setupFilters } from "./filters.js";
import { drawEvents, invalidate, mapCentre, setupMap } from "./map.js";
import { loadNetwork, setupNetwork } from "./network.js";
import { showDoc, showEvent, showReview, showSource, showSources } from "./pages.js";
import { showFused } from "./review.js";
import { drawTimeline, setTimelineEvents, setupBrush } from "./timeline.js";

const PAGE = 100;
const list = { items: [], offset: 0 };

async function whoami() {
  try { state.analyst = (await api("/api/dashboard/whoami")).analyst; } catch (e) { state.analyst = null; }
  const writes = state.meta && (state.meta.writes_enabled || state.meta.analysts);
  $("#token-state").textContent = state.analyst ? "signed in as " + state.analyst
    : (token() ? "token not accepted" : (writes ? "read-only (no token)" : "server read-only"));
}

function setupToken() {
  $("#token").value = token();
  $("#token-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const t = $("#token").value.trim();
    if (t) sessionStorage.setItem("ew-token", t); else sessionStorage.removeItem("ew-token");
    await whoami();
    toast(state.analyst ? "signed in as " + state.analyst : (t ? "this token is not accepted" : "token cleared"), !state.analyst && !!t);
    route();
  });
}

async function setupDownloads() {
  const box = clear($("#downloads"));
  let formats = [];
  try { formats = (await api("/api/dashboard/export/formats")).formats; } catch (e) { return; }
  box.appendChild(el("span", { class: "muted" }, "Download this view: "));
  for (const f of formats) box.appendChild(el("a", { class: "download", "data-format": f, download: "" }, f.toUpperCase()));
  updateDownloads();
}

/** the download links follow the filters of the view */
function updateDownloads() {
  document.querySelectorAll("#downloads a.download").forEach((a) => {
    a.href = "/api/dashboard/export?" + query({ format: a.dataset.format });
  });
}

async function loadEvents() {
  let view, all;
  try {
    [view, all] = await Promise.all([
      api("/api/dashboard/events?" + query()),
      api("/api/dashboard/events?" + query({ since: "", until: "" })),
    ]);
  } catch (e) { toast(e.message, true); return; }
  list.items = [...view.items].sort((a, b) => (a.date ? 0 : 1) - (b.date ? 0 : 1)); // undated last
  list.offset = 0;
  $("#f-count").textContent = (view.truncated ? "the first " : "") + view.total + " event(s) from " + view.reports + " report(s)"
    + (view.unlocated ? "; " + view.unlocated + " not on the map (unlocated)" : "")
    + (view.undated ? "; " + view.undated + " undated" : "");
  drawEvents(view.items);
  setTimelineEvents(all.items);
  drawList();
}

function drawList() {
  const body = clear($("#event-list tbody"));
  for (const e of list.items.slice(list.offset, list.offset + PAGE)) {
    body.appendChild(el("tr", { "data-id": e.id, class: e.review === "rejected" ? "muted" : null, onclick: () => { location.hash = "#/fused/" + encodeURIComponent(e.id); } },
      el("td", null, e.date || "undated"), el("td", null, badge(e.plover)),
      el("td", null, el("span", { class: "status-tag " + statusClass(e.status) }, e.status || "?")),
      el("td", null, names(e.actor1)), el("td", null, names(e.actor2)),
      el("td", null, e.place || "", e.admin1 ? el("span", { class: "muted" }, ", " + e.admin1) : null),
      el("td", null, e.fatalities == null ? "" : e.fatalities),
      el("td", { title: e.publishers.join(", ") }, e.n_reports + " / " + e.n_publishers),
      el("td", null, (e.review || "") + (e.corrected.length ? " corrected: " + e.corrected.join(", ") : ""))));
  }
  const pager = clear($("#pager"));
  if (list.items.length > PAGE) {
    pager.appendChild(el("button", { disabled: list.offset === 0, onclick: () => { list.offset = Math.max(0, list.offset - PAGE); drawList(); } }, "‹ previous"));
    pager.appendChild(el("span", null, (list.offset + 1) + "–" + Math.min(list.items.length, list.offset + PAGE) + " of " + list.items.length));
    pager.appendChild(el("button", { disabled: list.offset + PAGE >= list.items.length, onclick: () => { list.offset += PAGE; drawList(); } }, "next ›"));
  }
}

const VIEWS = { "": "map", network: "network", event: "event", fused: "fused", doc: "doc", sources: "sources", source: "source", review: "review" };

function currentView() {
  const head = location.hash.replace(/^#\/?/, "").split("/")[0];
  return VIEWS[head] || "map";
}

function route() {
  const view = currentView();
  const arg = decodeURIComponent(location.hash.replace(/^#\/?[^/]*\/?/, ""));
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== "view-" + view; });
  document.querySelectorAll("header nav a[data-view]").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  $("#filters").hidden = !["map", "network", "sources"].includes(view);
  if (view === "map") { setTimeout(() => { invalidate(); drawTimeline(); }, 0); loadEvents(); }
  else if (view === "network") loadNetwork();
  else if (view === "event") showEvent(arg);
  else if (view === "fused") showFused(arg);
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
  await whoami();
  setupFilters(mapCentre);
  setupNetwork();
  await setupMap();
  setupBrush();
  setupDownloads();
  onChange(updateDownloads);
  onChange(() => { if (currentView() === "network") loadNetwork(); else if (currentView() === "sources") showSources(); else loadEvents(); });
  window.addEventListener("hashchange", route);
  window.addEventListener("resize", () => drawTimeline());
  route();
  document.body.dataset.ready = "1";
}

main();
