/* Shared helpers of the eventwatch dashboard (ES module, no framework, no network beyond this server).
 * SECURITY: every string that comes from the data (article text, titles, names, quotes) is put in
 * the page with textContent / createTextNode through el(); innerHTML is never used with data.
 * CSP: no inline scripts or style attributes; dynamic styling goes through classes or the CSSOM.
 */

export const TYPE_COLOURS = {
  ASSAULT: "#c0392b", COERCE: "#e67e22", THREATEN: "#d35400", PROTEST: "#8e44ad", MOBILIZE: "#a04000",
  SANCTION: "#7b241c", CRIME: "#6e2c00", DISAPPROVE: "#f1948a", REJECT: "#cd6155", DEMAND: "#f0b27a",
  INVESTIGATE: "#af7ac5", AGREE: "#1e8449", COOPERATE: "#27ae60", SUPPORT: "#52be80", AID: "#16a085",
  CONSULT: "#2e86c1", CONCEDE: "#5dade2", RETREAT: "#85c1e9",
};
export const colour = (t) => TYPE_COLOURS[t] || "#566573";
/** a CSS class for a type / status, only from known values (never raw data in a class name) */
export const typeClass = (t) => "t-" + (Object.hasOwn(TYPE_COLOURS, t) ? t : "OTHER");
export const STATUS_STYLES = ["occurred", "claimed", "threatened", "planned", "failed", "denied"];
export const statusClass = (s) => "st-" + (STATUS_STYLES.includes(s) ? s : "other");

export const state = { meta: null, analyst: null };

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  return append(node, children);
}
export function append(node, children) {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c != null) node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
export const $ = (sel) => document.querySelector(sel);
export const token = () => sessionStorage.getItem("ew-token") || "";

export function toast(msg, error) {
  const t = $("#toast");
  t.textContent = msg;
  t.className = error ? "error shown" : "shown";
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.className = ""; }, 5000);
}

export async function api(path, options) {
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

export function badge(type) { return el("span", { class: "badge " + typeClass(type) }, type || "?"); }
export function names(list) { return (list || []).join("; "); }
export function when(r) { return r.when ? r.when.date + (r.when.end ? " – " + r.when.end : "") : "undated"; }
export function place(r) {
  const w = Array.isArray(r.where) ? r.where[0] : r.where;
  return w ? w.name : "";
}
export function toll(r) {
  const parts = [];
  if (r.fatalities != null) parts.push(r.fatalities + " killed");
  if (r.injured != null) parts.push(r.injured + " injured");
  return parts.join(", ") || "no toll reported";
}
export function addDays(iso, n) { const d = new Date(iso + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); }
/** Monday of the ISO week of a YYYY-MM-DD date */
export function weekOf(iso) {
  const full = iso.length === 4 ? iso + "-01-01" : iso.length === 7 ? iso + "-01" : iso.slice(0, 10);
  const d = new Date(full + "T00:00:00Z");
  if (isNaN(d)) return null;
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
