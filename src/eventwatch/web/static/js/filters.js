/* Filters live in the URL's query string (?type=ASSAULT&near=36.5,37.0,25#/network), so a view
 * can be bookmarked and shared: they are written with history.replaceState on every change and
 * read back on load.  The names are those of the API (and of `eventwatch events`).
 */
import { $, el, state } from "./core.js";

/** filter name -> input element id; all of them go to the URL and to the API */
export const FIELDS = {
  since: "#f-since", until: "#f-until", type: "#f-type", status: "#f-status", actor: "#f-actor",
  publisher: "#f-publisher", text: "#f-text", near: "#f-near", min_publishers: "#f-minpub", review: "#f-review",
};
/** view options that are not filters but belong in a shared link */
export const OPTIONS = ["fold"];

export const filters = {};
export const options = {};
const listeners = [];

export function onChange(fn) { listeners.push(fn); }

export function query(extra) {
  const p = new URLSearchParams();
  const f = Object.assign({}, filters, extra || {});
  for (const [k, v] of Object.entries(f)) if (v !== "" && v != null) p.set(k, v);
  return p.toString();
}

/** write filters + options into the address bar (no reload, no history entry) */
export function toUrl() {
  const p = new URLSearchParams(query());
  for (const k of OPTIONS) if (options[k]) p.set(k, options[k]);
  const qs = p.toString();
  history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
}

export function fromUrl() {
  const p = new URLSearchParams(location.search);
  for (const [k, id] of Object.entries(FIELDS)) { filters[k] = p.get(k) || ""; $(id).value = filters[k]; }
  for (const k of OPTIONS) options[k] = p.get(k) || "";
}

function readInputs() {
  for (const [k, id] of Object.entries(FIELDS)) filters[k] = $(id).value.trim();
}

export function set(values) {
  Object.assign(filters, values);
  for (const [k, v] of Object.entries(values)) if (FIELDS[k]) $(FIELDS[k]).value = v || "";
  changed();
}

export function setOption(k, v) { options[k] = v; toUrl(); }

function changed() { toUrl(); listeners.forEach((fn) => fn()); }

export function setupFilters(mapCentre) {
  const types = $("#f-type");
  for (const p of state.meta.plover) types.appendChild(el("option", { value: p.type }, p.type));
  const statuses = $("#f-status");
  for (const s of state.meta.statuses) statuses.appendChild(el("option", { value: s }, s));
  fromUrl();
  const apply = () => { readInputs(); changed(); };
  $("#f-apply").addEventListener("click", (e) => { e.preventDefault(); apply(); });
  for (const id of ["#f-type", "#f-status", "#f-since", "#f-until", "#f-review", "#f-minpub"]) $(id).addEventListener("change", apply);
  for (const id of ["#f-actor", "#f-publisher", "#f-text", "#f-near"]) {
    $(id).addEventListener("keydown", (e) => { if (e.key === "Enter") apply(); });
  }
  $("#f-near-pick").addEventListener("click", () => {
    const c = mapCentre();
    if (!c) return;
    const km = parseFloat($("#f-radius").value) || 25;
    $("#f-near").value = c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + km;
    apply();
  });
  $("#f-reset").addEventListener("click", () => {
    for (const id of Object.values(FIELDS)) $(id).value = "";
    apply();
  });
}
