// eventwire web page: map (server-clustered markers), timeline with brushing, filters, and the
// evidence panel. Talks only to this server's /api/; every library is served from /static/vendor/.
"use strict";

// Colours: one per ACLED event type (markers, list, timeline) and one per coded field (evidence marks).
const TYPE_COLOURS = {
  "Battles": "#c01c28",
  "Explosions/Remote violence": "#e66100",
  "Violence against civilians": "#813d9c",
  "Protests": "#1a5fb4",
  "Riots": "#e5a50a",
  "Strategic developments": "#26a269",
  "Unknown": "#77767b",
};
const FIELD_COLOURS = {
  event: "#ffd6a5", event_date: "#caffbf", location: "#9bf6ff", fatalities: "#ffadad",
  actor1: "#bdb2ff", actor2: "#ffc6ff", tags: "#fdffb6", sub_event_type: "#ffd6a5",
  // Who says so, and the outlet's own voice (assess): sources, opinion sentences, loaded terms.
  attribution: "#a0c4ff", opinion: "#e4e1ec", loaded: "#ff8c8c",
};
const FIELD_FALLBACK = "#e0e0e0";
const SHOWN_FIELDS = ["event_type", "sub_event_type", "event_date", "time_precision", "location", "admin1", "admin2",
  "country", "iso3", "latitude", "longitude", "geo_precision", "actor1", "actor2", "fatalities", "fatalities_min",
  "fatalities_max", "tags"];
const FILTER_NAMES = ["q", "country", "admin1", "event_type", "sub_event_type", "actor", "min_fatalities", "since", "until",
  "claim_status", "holder_kind"];
const PAGE = 25;

const $ = (sel) => document.querySelector(sel);
const form = $("#filters");
// cursors[i]: where page i of the list starts (the API's next_cursor after page i - 1; null for the first),
// so every page is read from the indexes at its place, as fast 1,000 pages in as on the first.
const state = { cursors: [null], total: 0, brush: null, taxonomy: {}, requests: {} };
// Read by the browser tests and bench/bench_web.py.
window.ew = { renders: 0, lastMarkers: 0, firstRenderMs: null, ready: false, inflight: 0, state };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "style") node.style.cssText = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

// "1 event", "3 events": counts in words.
const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
// A toll nobody reported is unknown, not zero.
const deaths = (n) => (n === null || n === undefined ? "deaths not reported" : count(n, "death"));
// Only web links are followed from an article's url field.
const safeUrl = (u) => (/^https?:\/\//i.test(u || "") ? u : null);

function setStatus(text, isError = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", isError);
}

// Fetch JSON; a newer request with the same name aborts the older one, so a fast typist or a quick
// pan never waits for stale answers.
async function api(name, path, params = {}) {
  if (state.requests[name]) state.requests[name].abort();
  const ctl = new AbortController();
  state.requests[name] = ctl;
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined));
  window.ew.inflight += 1;
  try {
    const res = await fetch(`/api/${path}${qs.toString() ? "?" + qs : ""}`, { signal: ctl.signal });
    const body = await res.json();
    if (!res.ok || body.ok === false) throw new Error(body.error || `HTTP ${res.status}`);
    return body;
  } finally {
    window.ew.inflight -= 1;
  }
}

function filters({ withDates = true } = {}) {
  const out = {};
  for (const name of FILTER_NAMES) {
    const v = form.elements[name].value.trim();
    if (v !== "") out[name] = v;
  }
  if (!withDates) { delete out.since; delete out.until; }
  return out;
}

function quiet(err) { if (err.name !== "AbortError") setStatus(err.message, true); }

// ---------- map ----------
const map = L.map("map", { worldCopyJump: false, minZoom: 1, maxZoom: 14, preferCanvas: true }).setView([15, 20], 2);
window.ew.map = map;
map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
const outlines = L.layerGroup().addTo(map);
const markers = L.layerGroup().addTo(map);
const online = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
  maxZoom: 19, attribution: "&copy; OpenStreetMap contributors",
});
L.control.layers(null, { "Country outlines (offline)": outlines, "OpenStreetMap tiles (online)": online },
  { collapsed: true }).addTo(map);
map.attributionControl.addAttribution(
  'Country outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain) · ' +
  'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)');

// Outlines that cross the 180th meridian (Chukotka, Fiji) come as rings that jump from +180 to -180, and
// each jump would be drawn as a line across the whole map. Unwrapped, such a ring runs on past 180 instead
// (Leaflet draws beyond the map's edge). Edges along a pole (Antarctica's) are left as they are.
function unwrapRing(ring) {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    const [prevLon, prevLat] = i ? ring[i - 1] : [lon, lat];
    if (Math.abs(lon - prevLon) > 180 && Math.abs(lat) < 89.9 && Math.abs(prevLat) < 89.9) shift -= Math.sign(lon - prevLon) * 360;
    return [lon + shift, lat];
  });
}

function unwrapOutline(feature) {
  const g = feature.geometry;
  if (g && g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
  if (g && g.type === "MultiPolygon") g.coordinates = g.coordinates.map((polygon) => polygon.map(unwrapRing));
  return feature;
}

fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json()).then((topo) => {
  const shapes = topojson.feature(topo, topo.objects.countries);
  shapes.features.forEach(unwrapOutline);
  L.geoJSON(shapes, { style: { color: "#8a99a8", weight: 0.7, fillColor: "#fbfaf5", fillOpacity: 1 }, interactive: false })
    .addTo(outlines);
}).catch(() => setStatus("country outlines missing: run scripts/install-frontend", true));

const legend = L.control({ position: "bottomleft" });
legend.onAdd = () => {
  const box = el("div", { className: "ew-legend" });
  for (const [t, c] of Object.entries(TYPE_COLOURS)) {
    if (t === "Unknown") continue;
    box.append(el("div", {}, el("span", { className: "swatch", style: `background:${c}` }), t));
  }
  box.append(el("div", { className: "hint" }, "dot size: deaths · ring: share of each type · number: events"));
  return box;
};
legend.addTo(map);

function viewBox() {
  const b = map.getBounds();
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
    clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4)).join(",");
}

function markerFor(m) {
  const colour = TYPE_COLOURS[m.event_type] || TYPE_COLOURS.Unknown;
  // Icons are built as elements, not HTML text: database text is never markup, and the page's
  // Content-Security-Policy allows no inline style.
  if (m.count === 1) {
    const size = Math.round(Math.min(34, 10 + 3 * Math.sqrt(m.fatalities || 0)));
    const icon = L.divIcon({
      className: "", iconSize: [size, size],
      html: el("div", { className: "ew-marker", "data-event-id": m.event_id, "data-type": m.event_type,
        style: `width:${size}px;height:${size}px;background:${colour}` }),
    });
    const mk = L.marker([m.lat, m.lon], { icon, title: `${m.sub_event_type || m.event_type}: ${m.location || "?"}, ${m.event_date || "?"} (${deaths(m.fatalities)})` });
    mk.on("click", () => openEvent(m.event_id));
    return mk;
  }
  // A ring split by event type (share of the cluster's events) around the count; size grows with
  // events and deaths on a log scale so a 10,000-event cluster doesn't swallow its neighbours.
  const size = Math.round(Math.min(50, 24 + 6 * Math.log10(m.count) + 3 * Math.log10(1 + m.fatalities)));
  let acc = 0;
  const stops = Object.keys(TYPE_COLOURS).filter((t) => m.types[t]).map((t) => {
    const from = acc; acc += 100 * m.types[t] / m.count;
    return `${TYPE_COLOURS[t]} ${from.toFixed(1)}% ${acc.toFixed(1)}%`;
  }).join(", ");
  const icon = L.divIcon({
    className: "", iconSize: [size, size],
    html: el("div", { className: "ew-cluster", "data-count": m.count, "data-type": m.event_type,
      style: `width:${size}px;height:${size}px;background:conic-gradient(${stops})` }, el("span", {}, m.count)),
  });
  const parts = Object.entries(m.types).map(([t, n]) => `${t}: ${n}`).join("\n");
  const mk = L.marker([m.lat, m.lon], { icon, title: `${count(m.count, "event")}, ${count(m.fatalities, "death")} reported\n${parts}` });
  mk.on("click", () => map.setView([m.lat, m.lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
  return mk;
}

async function loadMap() {
  const t0 = performance.now();
  try {
    const body = await api("map", "map", { ...filters(), zoom: map.getZoom(), bbox: viewBox() });
    markers.clearLayers();
    for (const m of body.markers) markers.addLayer(markerFor(m));
    window.ew.renders += 1;
    window.ew.lastMarkers = body.markers.length;
    window.ew.lastMapMs = performance.now() - t0;
    if (window.ew.firstRenderMs === null) window.ew.firstRenderMs = performance.now();
    document.body.dataset.renders = String(window.ew.renders);
    setStatus(`${count(body.in_view, "event")} in view · ${body.placed} placed` + (body.unplaced ? ` · ${body.unplaced} without coordinates` : ""));
  } catch (err) { quiet(err); }
}
map.on("moveend", () => {
  loadMap();
  if ($("#in-view").checked) { state.cursors = [null]; loadList(); }
});

// ---------- list ----------
async function loadList() {
  try {
    const where = $("#in-view").checked ? { bbox: viewBox() } : {};
    const shown = state.cursors.length - 1;  // the page asked for
    const body = await api("list", "events", { ...filters(), ...where, limit: PAGE, cursor: state.cursors[shown] });
    state.total = body.total;
    const more = body.total_exact === false ? "+" : "";  // counting stopped there
    $("#count").textContent = `(${body.total}${more})`;
    const list = $("#list");
    list.replaceChildren();
    for (const ev of body.events) {
      const li = el("li", { "data-event-id": ev.event_id, style: `border-left-color:${TYPE_COLOURS[ev.event_type] || "#999"}` },
        el("div", {}, ev.sub_event_type || ev.event_type),
        el("div", { className: "meta" }, `${ev.event_date || "date?"} · ${ev.location || "place?"}${ev.country ? ", " + ev.country : ""}` +
          ` · ${deaths(ev.fatalities)} · ${count(ev.mentions ?? 1, "report")}`),
        ev.claim_status ? el("span", { className: "status", "data-status": ev.claim_status }, ev.claim_status) : null);
      li.tabIndex = 0;
      li.addEventListener("click", () => openEvent(ev.event_id));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") openEvent(ev.event_id); });
      list.append(li);
    }
    const pages = Math.max(1, Math.ceil(body.total / PAGE));
    $("#page").textContent = `${shown + 1} / ${pages}${more}`;
    $("#prev").disabled = shown === 0;
    $("#next").disabled = body.next_cursor === null;
    state.next = body.next_cursor;
  } catch (err) { quiet(err); }
}
$("#prev").addEventListener("click", () => {
  if (state.cursors.length > 1) { state.cursors.pop(); loadList(); }
});
$("#next").addEventListener("click", () => {
  if (state.next) { state.cursors.push(state.next); state.next = null; loadList(); }
});
for (const a of document.querySelectorAll(".exports a")) {
  a.addEventListener("click", () => {
    const qs = new URLSearchParams(filters());
    window.location.href = `/api/export/${a.dataset.fmt}?${qs}`;
  });
}

// ---------- event panel ----------
function fmt(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

// The article text as DOM nodes, each evidence span wrapped in a <mark> coloured for its field.
// Overlapping spans: each piece of text takes the colour of the narrowest span covering it, and its
// title lists every field it supports.
function highlighted(text, evidence) {
  const spans = evidence.filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start < e.end && e.end <= text.length);
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) { frag.append(piece); continue; }
    covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
    const fields = [...new Set(covering.map((s) => s.field))];
    const titles = [...new Set(covering.map((s) => (s.category ? `${s.field} (${s.category})` : s.field)))];
    frag.append(el("mark", {
      className: "ev", title: titles.join(", "), "data-field": covering[0].field, "data-fields": fields.join(" "),
      style: `background:${FIELD_COLOURS[covering[0].field] || FIELD_FALLBACK}`,
    }, piece));
  }
  return frag;
}

// Field names may break after an underscore when the panel is narrow ("sub_event_" / "type").
const label = (name) => name.replaceAll("_", "_\u200b");

// Reconciled fields in two columns of field/value pairs, so the articles stay in view below.
function fieldsTable(rows) {
  const table = el("table", { className: "fields reconciled" });
  for (let i = 0; i < rows.length; i += 2) {
    const tr = el("tr", {});
    for (const [k, v, cls] of rows.slice(i, i + 2)) tr.append(el("th", {}, label(k)), el("td", { className: cls || "" }, v));
    table.append(tr);
  }
  return table;
}

function sourcesTable(ev) {
  const mentions = Array.isArray(ev.mentions) ? ev.mentions : [];
  const articles = Object.fromEntries((ev.articles || []).map((a) => [a.id, a]));
  const table = el("table", { className: "fields sources" });
  // Up to four sources share the panel's width; more scroll sideways rather than shrink to nothing.
  if (mentions.length > 4) table.style.minWidth = `${110 + 90 * mentions.length}px`;
  const head = el("tr", {}, el("th", {}, "field"));
  for (const m of mentions) head.append(el("th", {}, (articles[m.article_id] || {}).outlet || m.article_id));
  table.append(head);
  for (const f of SHOWN_FIELDS) {
    const values = mentions.map((m) => fmt(m[f]));
    if (values.every((v) => v === "—")) continue;
    const differs = new Set(values).size > 1;
    const tr = el("tr", {}, el("th", {}, label(f)));
    for (const v of values) tr.append(el("td", { className: differs ? "differs" : "" }, v));
    table.append(tr);
  }
  return table;
}

function disagreementsBox(ev) {
  const box = el("div", {});
  const d = ev.disagreements || {};
  const entries = Array.isArray(d) ? d.map((x) => [x.field, x.values || x]) : Object.entries(d);
  const outlet = Object.fromEntries((ev.articles || []).map((a) => [a.id, a.outlet || a.id]));
  const who = (ids) => (Array.isArray(ids) ? ids : [ids]).map((id) => outlet[id] || id).join(", ");
  if (!entries.length) { box.append(el("p", { className: "hint" }, "The sources agree on every coded field.")); return box; }
  for (const [field, values] of entries) {
    const parts = Array.isArray(values)
      ? values.map((v) => (v && typeof v === "object" && "value" in v) ? `${fmt(v.value)} (${who(v.sources)})` : fmt(v))
      : [fmt(values)];
    box.append(el("div", { className: "disagree", "data-field": field }, el("b", {}, field), ": ", parts.join("  vs  ")));
  }
  return box;
}

function legendFields(fields) {
  const box = el("div", { className: "legend-fields" });
  for (const f of fields) {
    box.append(el("span", {}, el("span", { className: "swatch", style: `background:${FIELD_COLOURS[f] || FIELD_FALLBACK}` }), f));
  }
  return box;
}

async function openEvent(id) {
  let body;
  try { body = await api("event", `events/${encodeURIComponent(id)}`); } catch (err) { quiet(err); return; }
  const ev = body.event;
  const panel = $("#panel-body");
  panel.replaceChildren();
  $("#panel").hidden = false;
  $("#panel").dataset.eventId = ev.event_id;
  const disputed = new Set(Object.keys(Array.isArray(ev.disagreements) ? {} : (ev.disagreements || {})));
  panel.append(el("h2", { style: `color:${TYPE_COLOURS[ev.event_type] || "#333"}` }, ev.sub_event_type || ev.event_type));
  panel.append(el("div", { className: "hint" }, `${ev.event_type} · event ${ev.event_id} · ` +
    count(Array.isArray(ev.mentions) ? ev.mentions.length : ev.mentions, "report")));
  panel.append(sourcesLine(ev));
  panel.append(el("h3", {}, "Reconciled fields"));
  panel.append(fieldsTable(SHOWN_FIELDS.filter((f) => f in ev && ev[f] !== null).map((f) => [f, fmt(ev[f]), disputed.has(f) ? "differs" : ""])));
  panel.append(el("h3", {}, "Where the sources disagree"));
  panel.append(disagreementsBox(ev));
  panel.append(el("h3", {}, "Articles, with the words behind each field"));
  const mentions = Array.isArray(ev.mentions) ? ev.mentions : [];
  const usedFields = [...new Set(mentions.flatMap((m) => (m.evidence || []).map((e) => e.field)))];
  panel.append(legendFields([...usedFields, "opinion", "loaded"]));
  for (const art of ev.articles || []) {
    const evidence = [...mentions.filter((m) => m.article_id === art.id).flatMap((m) => m.evidence || []),
      ...voiceSpans(art.assessment)];
    const coded = new Set(evidence.map((e) => e.field));
    const guesses = ["event_date", "location", "fatalities", "actor1"].filter((f) => !coded.has(f));
    const box = el("div", { className: "article", "data-article-id": art.id },
      el("div", { className: "head" }, art.title || "(untitled)"),
      el("div", { className: "meta" }, [art.outlet, art.published].filter(Boolean).join(" · "), " ",
        safeUrl(art.url) ? el("a", { href: safeUrl(art.url), target: "_blank", rel: "noopener noreferrer" }, "link") : null),
      scorecard(art, mentions.filter((m) => m.article_id === art.id), ev.copies || []),
      guesses.length ? el("div", { className: "guess" }, `no evidence span for: ${guesses.join(", ")}`) : null,
      el("div", { className: "text" }, highlighted(art.text || "", evidence)));
    panel.append(box);
  }
  panel.append(el("h3", {}, "Each source's values"));
  panel.append(el("div", { className: "sources-wrap" }, sourcesTable(ev)));
  $("#panel").scrollTop = 0;
  setTimeout(() => map.invalidateSize(), 0);
}
// ---------- sources: who says so, and the outlet's own voice ----------
// Opinion sentences and loaded terms of an article's assessment, as spans the highlighter marks.
function voiceSpans(assessment) {
  if (!assessment) return [];
  return [...(assessment.opinion || []).map((s) => ({ field: "opinion", start: s.start, end: s.end })),
    ...(assessment.loaded || []).map((s) => ({ field: "loaded", start: s.start, end: s.end, category: s.category }))];
}

const pct = (v) => (v === null || v === undefined ? "—" : `${(100 * v).toFixed(1)}%`);

function sourcesLine(ev) {
  const box = el("div", { className: "hint sources-line" });
  if (ev.claim_status) box.append("claim status ", el("span", { className: "status", "data-status": ev.claim_status }, ev.claim_status), " · ");
  const n = ev.independent_sources ?? (ev.sources || []).length;
  box.append(`${n} independent source(s)`);
  const kinds = ev.holder_kinds || [];
  if (kinds.length) box.append(` · sources: ${kinds.join(", ")}`);
  return box;
}

// Per article: its figures, the sources it cites for this event, and whether it is a copy of another report.
function scorecard(art, mentions, copyGroups) {
  const a = art.assessment;
  const card = el("div", { className: "scorecard", "data-article-id": art.id });
  if (a) {
    const f = a.figures || {};
    card.append(el("b", {}, "opinion "), pct(f.opinion_share), " · ", el("b", {}, "loaded "),
      `${f.loaded_per_1000_words ?? 0} per 1,000 words`, " · ", el("b", {}, "unattributed tolls "), String(f.unattributed_tolls ?? 0));
  } else {
    card.append("not assessed");
  }
  const holders = mentions.flatMap((m) => m.attribution || []).map((h) => `${h.holder} (${h.holder_kind})`);
  if (holders.length) card.append(el("div", { className: "holders" }, "sources: ", [...new Set(holders)].join("; ")));
  const statuses = [...new Set(mentions.map((m) => m.claim_status).filter(Boolean))];
  for (const s of statuses) card.append(el("span", { className: "status", "data-status": s }, s));
  const group = copyGroups.find((g) => g.includes(art.id));
  if (group) card.append(el("div", { className: "copy-note" }, `same wire copy as: ${group.filter((x) => x !== art.id).join(", ")} (counted as one source)`));
  return card;
}

// ---------- outlets view ----------
const OUTLET_COLUMNS = [
  ["outlet", "outlet", (v) => v], ["articles", "articles", String], ["events", "events", String],
  ["corroborated", "corroboration_rate", pct], ["opinion", "opinion_share", pct],
  ["loaded /1,000 words", "loaded_per_1000_words", (v) => (v ?? "—").toString()],
  ["unattributed tolls", "unattributed_tolls", String],
  ["claimed / disputed / unverified", "claim_status", (v) => v ? `${v.claimed} / ${v.disputed} / ${v.unverified}` : "—"],
];
const outletsState = { rows: [], key: "articles", desc: true };

function drawOutlets() {
  const table = $("#outlets-table");
  const { key, desc } = outletsState;
  const value = (r) => (key === "claim_status" ? (r.claim_status ? r.claim_status.claimed + r.claim_status.disputed + r.claim_status.unverified : 0) : r[key]);
  const missing = (v) => v === null || v === undefined;
  const rows = [...outletsState.rows].sort((a, b) => {
    const x = value(a), y = value(b);
    if (missing(x) || missing(y)) return missing(x) - missing(y);  // outlets without the figure go last
    const c = x === y ? 0 : x < y ? -1 : 1;
    return desc ? -c : c;
  });
  const head = el("tr", {});
  for (const [label, k] of OUTLET_COLUMNS) {
    const th = el("th", { "data-key": k }, label);
    if (k === key) th.dataset.sorted = desc ? "▼" : "▲";
    th.addEventListener("click", () => {
      outletsState.desc = outletsState.key === k ? !outletsState.desc : k !== "outlet";
      outletsState.key = k;
      drawOutlets();
    });
    head.append(th);
  }
  table.replaceChildren(head);
  for (const r of rows) {
    const tr = el("tr", { "data-outlet": r.outlet });
    for (const [, k, show] of OUTLET_COLUMNS) tr.append(el("td", { className: k === "outlet" ? "" : "num" }, show(r[k])));
    table.append(tr);
  }
}

async function openOutlets() {
  try {
    const body = await api("outlets", "outlets");
    outletsState.rows = body.outlets;
    $("#outlets").hidden = false;
    drawOutlets();
  } catch (err) { quiet(err); }
}
$("#outlets-open").addEventListener("click", openOutlets);
$("#outlets-close").addEventListener("click", () => { $("#outlets").hidden = true; });

$("#close").addEventListener("click", () => { $("#panel").hidden = true; setTimeout(() => map.invalidateSize(), 0); });

// ---------- timeline ----------
const BUCKET_DAYS = { day: 1, week: 7, month: 31 };

function periodStart(p) {
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(p))) return Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if ((m = /^(\d{4})-W(\d{2})$/.exec(p))) {  // ISO week: Monday of week N
    const jan4 = Date.UTC(+m[1], 0, 4);
    const dow = (new Date(jan4).getUTCDay() + 6) % 7;
    return jan4 - dow * 864e5 + (+m[2] - 1) * 7 * 864e5;
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(p))) return Date.UTC(+m[1], +m[2] - 1, 1);
  return NaN;
}
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

async function loadTimeline() {
  const bucket = $("#bucket").value;
  try {
    const body = await api("timeline", "aggregate", { ...filters({ withDates: false }), bucket });
    drawTimeline(body.rows, bucket);
  } catch (err) { quiet(err); }
}

function drawTimeline(rows, bucket) {
  const svg = $("#timeline");
  const W = svg.clientWidth || 800, H = svg.clientHeight || 110, padL = 34, padB = 16, padT = 4;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const NS = "http://www.w3.org/2000/svg";
  const mk = (tag, attrs) => { const n = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); return n; };
  const byPeriod = new Map();
  for (const r of rows) {
    const t = periodStart(r.period);
    if (Number.isNaN(t)) continue;
    if (!byPeriod.has(t)) byPeriod.set(t, {});
    byPeriod.get(t)[r.event_type] = (byPeriod.get(t)[r.event_type] || 0) + r.events;
  }
  state.timeline = null;
  if (!byPeriod.size) {
    const note = mk("text", { x: padL, y: H / 2, class: "hint" });
    note.textContent = "no dated events match";
    svg.append(note);
    return;
  }
  const starts = [...byPeriod.keys()].sort((a, b) => a - b);
  const step = BUCKET_DAYS[bucket] * 864e5;
  const t0 = starts[0], t1 = starts[starts.length - 1] + step;
  const x = (t) => padL + (W - padL - 6) * (t - t0) / (t1 - t0);
  const maxCount = Math.max(...[...byPeriod.values()].map((o) => Object.values(o).reduce((a, b) => a + b, 0)));
  const y = (n) => (H - padB - padT) * n / maxCount;
  const barW = Math.max(1, x(t0 + step) - x(t0) - 1);
  for (const t of starts) {
    let base = H - padB;
    for (const [type, n] of Object.entries(byPeriod.get(t))) {
      const h = y(n);
      base -= h;
      const rect = mk("rect", { x: x(t), y: base, width: barW, height: h, fill: TYPE_COLOURS[type] || TYPE_COLOURS.Unknown });
      rect.append(mk("title", {}));
      rect.firstChild.textContent = `${isoDay(t)}: ${n} ${type}`;
      svg.append(rect);
    }
  }
  const axis = mk("g", { class: "axis" });
  axis.append(mk("line", { x1: padL, x2: W - 6, y1: H - padB, y2: H - padB, stroke: "#99a" }));
  const ticks = Math.min(8, Math.floor((W - padL) / 90));
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + (t1 - t0) * i / ticks;
    const label = mk("text", { x: x(t), y: H - 3, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle" });
    label.textContent = isoDay(t);
    axis.append(label);
  }
  const top = mk("text", { x: 2, y: padT + 9 });
  top.textContent = String(maxCount);
  axis.append(top);
  svg.append(axis);
  state.timeline = { x, t0, t1, padL, W, H, padB, step };
  drawBrush();
}

function drawBrush() {
  const svg = $("#timeline");
  svg.querySelector(".brush")?.remove();
  const tl = state.timeline;
  const since = form.elements.since.value, until = form.elements.until.value;
  $("#brush-label").textContent = since || until ? `dates: ${since || "…"} to ${until || "…"}` : "";
  if (!tl || (!since && !until)) return;
  const a = since ? Date.parse(since) : tl.t0, b = until ? Date.parse(until) + 864e5 : tl.t1;
  const x0 = Math.max(tl.padL, tl.x(a)), x1 = Math.min(tl.W - 6, tl.x(b));
  if (x1 <= x0) return;
  const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ class: "brush", x: x0, y: 0, width: x1 - x0, height: tl.H - tl.padB })) r.setAttribute(k, v);
  svg.append(r);
}

(function brushing() {
  const svg = $("#timeline");
  let start = null;
  const toTime = (evt) => {
    const tl = state.timeline;
    const box = svg.getBoundingClientRect();
    const px = (evt.clientX - box.left) * (tl.W / box.width);
    return tl.t0 + (tl.t1 - tl.t0) * (px - tl.padL) / (tl.W - 6 - tl.padL);
  };
  svg.addEventListener("mousedown", (evt) => { if (state.timeline) { start = toTime(evt); evt.preventDefault(); } });
  svg.addEventListener("mousemove", (evt) => {
    if (start === null) return;
    const now = toTime(evt);
    const [a, b] = [Math.min(start, now), Math.max(start, now)];
    form.elements.since.value = isoDay(Math.max(a, state.timeline.t0));
    form.elements.until.value = isoDay(Math.min(b, state.timeline.t1 - 864e5));
    drawBrush();
  });
  window.addEventListener("mouseup", (evt) => {
    if (start === null) return;
    const tl = state.timeline;
    const moved = Math.abs(toTime(evt) - start) > (tl.t1 - tl.t0) / 200;
    start = null;
    if (!moved) { form.elements.since.value = ""; form.elements.until.value = ""; drawBrush(); }
    refresh({ timeline: false });
  });
})();

// ---------- filters ----------
function fillSubtypes() {
  const type = form.elements.event_type.value;
  const sub = form.elements.sub_event_type;
  const keep = sub.value;
  sub.replaceChildren(el("option", { value: "" }, "all sub-types"));
  for (const [t, subs] of Object.entries(state.taxonomy)) {
    if (type && t !== type) continue;
    for (const s of subs) sub.append(el("option", { value: s }, s));
  }
  sub.value = [...sub.options].some((o) => o.value === keep) ? keep : "";
}

// The filters live in the URL's #fragment, so a view can be bookmarked or sent to a colleague.
function saveHash() {
  const qs = new URLSearchParams(filters()).toString();
  history.replaceState(null, "", qs ? `#${qs}` : window.location.pathname);
}

function loadHash() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  for (const name of FILTER_NAMES) if (params.has(name)) form.elements[name].value = params.get(name);
}

function refresh({ timeline = true } = {}) {
  state.cursors = [null];
  saveHash();
  loadMap();
  loadList();
  if (timeline) loadTimeline();
  drawBrush();
}

let typing = null;
form.addEventListener("input", (evt) => {
  if (evt.target.name === "event_type") fillSubtypes();
  clearTimeout(typing);
  const dates = evt.target.name === "since" || evt.target.name === "until";
  typing = setTimeout(() => refresh({ timeline: !dates }), evt.target.tagName === "SELECT" ? 0 : 300);
});
form.addEventListener("submit", (evt) => evt.preventDefault());
form.addEventListener("reset", () => setTimeout(() => { fillSubtypes(); refresh(); }, 0));
$("#bucket").addEventListener("change", loadTimeline);
$("#in-view").addEventListener("change", () => { state.cursors = [null]; loadList(); });
window.addEventListener("resize", () => loadTimeline());

(async function start() {
  try {
    const tax = await api("taxonomy", "taxonomy");
    state.taxonomy = tax.event_types;
    for (const t of Object.keys(tax.event_types)) form.elements.event_type.append(el("option", { value: t }, t));
    fillSubtypes();
    loadHash();
    fillSubtypes();
  } catch (err) { quiet(err); }
  await Promise.all([loadMap(), loadList(), loadTimeline()]);
  drawBrush();
  window.ew.ready = true;
  document.body.dataset.ready = "1";
})();
