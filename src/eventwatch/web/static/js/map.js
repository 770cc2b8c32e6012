/* The map: Natural Earth countries and admin-1 boundaries with their names (offline, vendored),
 * the gazetteer's roads and zones, one marker per fused event (colour = PLOVER type, shape =
 * status: occurred filled, claimed dashed ring, threatened/planned dotted ring, failed hatched,
 * denied faded), labels of the places where events are, and an initial view fitted to where
 * most events are (a stray far-away point does not zoom the map out to the world).
 */
import { $, api, badge, clear, el, names, state, statusClass, toast, typeClass } from "./core.js";

const ADMIN1_URL = "/static/vendor/natural-earth-admin1/admin1.topo.json";
const ADMIN1_LABEL_ZOOM = 6;

const m = { map: null, cluster: null, labels: null, admin1Labels: null, admin1: [], fitted: false };

/** quartiles of a sorted array (linear interpolation) */
function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The box that holds the bulk of the points: Tukey's fences (1.5 IQR beyond the quartiles,
 * with a floor of `minSpan` degrees so a tight cluster keeps its close neighbours) on latitude
 * and longitude; points outside them are strays and are left out of the initial view.
 * Returns [[south, west], [north, east]] or null. */
export function robustBounds(points, minSpan = 0.5) {
  if (!points.length) return null;
  const fence = (values) => {
    const v = [...values].sort((a, b) => a - b);
    if (v.length < 4) return [v[0], v[v.length - 1]];
    const q1 = quantile(v, 0.25), q3 = quantile(v, 0.75), iqr = Math.max(q3 - q1, minSpan);
    return [q1 - 1.5 * iqr, q3 + 1.5 * iqr];
  };
  const [latLo, latHi] = fence(points.map((p) => p[0]));
  const [lonLo, lonHi] = fence(points.map((p) => p[1]));
  const kept = points.filter(([la, lo]) => la >= latLo && la <= latHi && lo >= lonLo && lo <= lonHi);
  const use = kept.length ? kept : points;
  const lats = use.map((p) => p[0]), lons = use.map((p) => p[1]);
  return [[Math.min(...lats), Math.min(...lons)], [Math.max(...lats), Math.max(...lons)]];
}

export function mapCentre() { return m.map ? m.map.getCenter() : null; }

function recordBounds() {
  const b = m.map.getBounds();
  $("#map").dataset.bounds = JSON.stringify([b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]);
}

export async function setupMap() {
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 0.25, attributionControl: true }).setView([20, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (public domain) · Leaflet");
  m.map = map;
  map.createPane("admin1");
  map.getPane("admin1").classList.add("ew-admin1-pane");
  m.labels = L.layerGroup().addTo(map);
  m.admin1Labels = L.layerGroup().addTo(map);
  try {
    const topo = await (await fetch("/static/vendor/world-atlas/countries-50m.json")).json();
    L.geoJSON(topojson.feature(topo, topo.objects.countries),
      { style: { color: "#8a8f95", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false }).addTo(map);
  } catch (e) { toast("basemap unavailable: " + e.message, true); }
  loadAdmin1();
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
  } catch (e) { /* the overlay is optional */ }
  m.cluster = L.markerClusterGroup({ maxClusterRadius: 40, disableClusteringAtZoom: 9 });
  map.addLayer(m.cluster);
  map.on("zoomend moveend", () => { drawAdmin1Labels(); declutter(); recordBounds(); });
  drawLegend();
}

async function loadAdmin1() {
  try {
    const topo = await (await fetch(ADMIN1_URL)).json();
    const fc = topojson.feature(topo, topo.objects.admin1);
    L.geoJSON(fc, { pane: "admin1", renderer: L.canvas({ pane: "admin1" }), interactive: false,
      style: { color: "#9a8c98", weight: 0.6, dashArray: "3 3", fill: false } }).addTo(m.map);
    m.admin1 = fc.features.map((f) => f.properties);
    $("#map").dataset.admin1 = String(m.admin1.length);
    drawAdmin1Labels();
  } catch (e) { toast("admin-1 boundaries unavailable: " + e.message, true); }
}

function labelIcon(text, cls) {
  return L.divIcon({ className: cls, html: el("span", null, text), iconSize: null });
}

function drawAdmin1Labels() {
  m.admin1Labels.clearLayers();
  if (!m.admin1.length || m.map.getZoom() < ADMIN1_LABEL_ZOOM) return;
  const b = m.map.getBounds().pad(0.1);
  for (const p of m.admin1) {
    if (!b.contains([p.ly, p.lx])) continue;
    m.admin1Labels.addLayer(L.marker([p.ly, p.lx], { icon: labelIcon(p.name, "ew-admin1-label"), interactive: false, keyboard: false }));
  }
}

/** Place labels never overlap: the busiest places are labelled first, a label that would cover
 * one already shown is hidden (until zooming in makes room for it). */
export function declutter() {
  const shown = [];
  const layers = [];
  m.labels.eachLayer((l) => layers.push(l));
  layers.sort((a, b) => a.options.rank - b.options.rank);
  for (const l of layers) {
    const node = l.getElement();
    if (!node) continue;
    const span = node.firstChild;
    const p = m.map.latLngToContainerPoint(l.getLatLng());
    const box = [p.x + 8, p.y - 10, p.x + 12 + (span ? span.offsetWidth : 60), p.y + 6];
    const hit = shown.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]);
    node.classList.toggle("label-hidden", hit);
    if (!hit) shown.push(box);
  }
  $("#map").dataset.placeLabels = String(shown.length);
}

function drawLegend() {
  const legend = clear($("#legend"));
  const types = el("div", { class: "legend-types" });
  for (const p of state.meta.plover) types.appendChild(el("span", null, el("span", { class: "swatch " + typeClass(p.type) }), p.type));
  const statuses = el("div", { class: "legend-status" }, el("strong", null, "Status: "));
  for (const s of ["occurred", "claimed", "threatened", "failed", "denied"]) {
    statuses.appendChild(el("span", { class: "legend-status-item" }, el("span", { class: "ew-dot t-OTHER " + statusClass(s) }), s));
  }
  legend.append(types, statuses);
}

function popup(e) {
  return el("div", { class: "ew-popup" }, badge(e.plover), " ", el("strong", null, e.date || "undated"), " · ", e.status || "", el("br"),
    names(e.actor1) || "?", " → ", names(e.actor2) || "–", el("br"),
    e.place || "", e.admin1 ? ", " + e.admin1 : "", el("br"),
    e.n_reports + " report(s) from " + e.n_publishers + " outlet(s)", el("br"),
    el("a", { href: "#/fused/" + encodeURIComponent(e.id) }, "open event"));
}

/** one marker per located event; place labels; fit the view once, to where the events are */
export function drawEvents(items) {
  m.cluster.clearLayers();
  m.labels.clearLayers();
  const points = [], places = new Map(), markers = [];
  for (const e of items) {
    if (e.lat == null || e.lon == null) continue;
    const dot = el("span", { class: "ew-dot " + typeClass(e.plover) + " " + statusClass(e.status) });
    const icon = L.divIcon({ className: "ew-marker", html: dot, iconSize: [16, 16] });
    const mk = L.marker([e.lat, e.lon], { icon, title: (e.plover || "") + " " + (e.status || "") + " " + (e.place || "") });
    mk.bindPopup(() => popup(e));
    markers.push(mk);
    points.push([e.lat, e.lon]);
    if (e.place) {
      const key = e.place + "|" + e.lat.toFixed(3) + "|" + e.lon.toFixed(3);
      const p = places.get(key) || { name: e.place, lat: e.lat, lon: e.lon, n: 0 };
      p.n += 1;
      places.set(key, p);
    }
  }
  // fit first, then add the markers: they are placed at the final zoom (no un-clustering animation)
  if (!m.fitted && points.length) {
    m.map.fitBounds(robustBounds(points), { maxZoom: 9, padding: [20, 20], animate: false });
    m.fitted = true;
  }
  m.cluster.addLayers(markers);
  const ranked = [...places.values()].sort((a, b) => b.n - a.n);
  ranked.forEach((p, i) => {
    m.labels.addLayer(L.marker([p.lat, p.lon], { icon: labelIcon(p.name, "ew-place-label"), interactive: false, keyboard: false, rank: i }));
  });
  declutter();
  recordBounds();
  $("#map").dataset.markers = String(points.length);
}

export function invalidate() { if (m.map) m.map.invalidateSize(); }
