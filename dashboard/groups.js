// The list of groups: shows index.json as Java wrote it (every figure, text, class and link comes
// from there); sorts by a column's value and filters by name over every group, but builds only one
// page of rows at a time and draws a row's sparkline only when it scrolls into view, so a centre of
// thousands of groups draws as fast as a few hundred.

import { now } from "./clock.js";

const $ = (id) => document.getElementById(id);
/** Rows built at a time: a screenful or two, so the table's layout stays small. */
const PAGE = 100;
const view = { sort: "name", dir: 1, filter: "", page: 0 };
let index = null;
let shown = [];
// Sparklines are drawn when their cell first comes into view (or at once without the observer).
const lazy = "IntersectionObserver" in window
  ? new IntersectionObserver((seen) => {
    for (const e of seen) {
      if (!e.isIntersecting) continue;
      lazy.unobserve(e.target);
      drawSpark(e.target);
    }
  })
  : null;
const sparks = new WeakMap();

function drawSpark(td) {
  const spark = sparks.get(td);
  if (spark && !td.firstChild) td.appendChild(sparkline(spark));
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== "") e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A small line of the daily values, scaled to the largest of them and the limit. */
function sparkline(spark) {
  const w = 90, h = 22, ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", spark.label);
  const title = document.createElementNS(ns, "title");
  title.textContent = spark.label;
  svg.appendChild(title);
  const v = spark.values, top = spark.max > 0 ? spark.max : 1;
  const y = (x) => (h - 1 - (x / top) * (h - 2)).toFixed(1);
  if (spark.limit > 0) {
    const l = document.createElementNS(ns, "line");
    Object.entries({ x1: 0, x2: w, y1: y(spark.limit), y2: y(spark.limit), stroke: "#d62728", "stroke-dasharray": "2,2" })
      .forEach(([k, val]) => l.setAttribute(k, val));
    svg.appendChild(l);
  }
  const p = document.createElementNS(ns, "polyline");
  const step = v.length > 1 ? w / (v.length - 1) : 0;
  p.setAttribute("points", v.map((x, i) => (i * step).toFixed(1) + "," + y(x)).join(" "));
  p.setAttribute("fill", "none");
  p.setAttribute("stroke", "currentColor");
  svg.appendChild(p);
  return svg;
}

function sortValue(g) {
  if (view.sort === "name") return g.name.toLowerCase();
  const c = g.cells && g.cells[view.sort];
  return c && c.value !== null && c.value !== undefined ? c.value : null;
}

function header() {
  const head = $("head");
  head.replaceChildren();
  const columns = [{ key: "name", label: "Group", title: "the group's page" }, ...index.columns,
    { key: "spark", label: "Daily use", title: "daily mean CPUs in use over the window" }];
  for (const c of columns) {
    const th = el("th", { scope: "col", title: c.title, "data-key": c.key });
    if (c.key === view.sort) th.setAttribute("aria-sort", view.dir > 0 ? "ascending" : "descending");
    if (c.key === "spark") th.textContent = c.label;
    else {
      const b = el("button", { type: "button" }, c.label);
      b.addEventListener("click", () => {
        view.dir = view.sort === c.key ? -view.dir : 1;
        view.sort = c.key;
        render();
      });
      th.appendChild(b);
    }
    head.appendChild(th);
  }
}

/** Filters and sorts every group, then shows the first page. */
function render() {
  header();
  const words = view.filter.toLowerCase();
  shown = index.groups.filter((g) => g.name.toLowerCase().includes(words));
  // Unknown values go last whichever way the column is sorted.
  const keyed = shown.map((g) => [sortValue(g), g]);
  keyed.sort(([x], [y]) => {
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * view.dir;
  });
  shown = keyed.map(([, g]) => g);
  view.page = 0;
  $("count").textContent = shown.length + " of " + index.groups.length + " groups";
  drawPage();
}

function row(g, at) {
  const tr = el("tr", { "data-group": g.name });
  if (g.stale_after && Date.parse(g.stale_after) < at) tr.classList.add("stale");
  const name = el("td", { class: "col-name" });
  name.appendChild(el("a", { href: g.link }, g.name));
  tr.appendChild(name);
  if (g.protected || !g.cells) {
    tr.appendChild(el("td", { colspan: String(index.columns.length + 1), class: "note" }, g.note || ""));
    return tr;
  }
  for (const c of index.columns) {
    const cell = g.cells[c.key] || { text: "", class: "", title: "" };
    tr.appendChild(el("td", { class: ["col-" + c.key, cell.class].filter(Boolean).join(" "), title: cell.title }, cell.text));
  }
  const sp = el("td", { class: "col-spark" });
  if (g.spark) {
    sparks.set(sp, g.spark);
    if (lazy) lazy.observe(sp);
    else drawSpark(sp);
  }
  tr.appendChild(sp);
  return tr;
}

/** Builds the rows of the current page only. */
function drawPage() {
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  view.page = Math.min(Math.max(view.page, 0), pages - 1);
  const from = view.page * PAGE, to = Math.min(shown.length, from + PAGE);
  if (lazy) lazy.disconnect();
  const at = now();
  const rows = $("rows");
  rows.replaceChildren(...shown.slice(from, to).map((g) => row(g, at)));
  $("pager").hidden = pages < 2;
  $("page").textContent = "groups " + (to > from ? from + 1 : 0) + "–" + to + " of " + shown.length;
  $("prev").disabled = view.page === 0;
  $("next").disabled = view.page >= pages - 1;
}

async function start() {
  try {
    const r = await fetch("index.json", { cache: "no-store" });
    if (!r.ok) throw new Error("index.json: HTTP " + r.status);
    index = await r.json();
  } catch (e) {
    $("error").textContent = "The list of groups could not be read: " + e.message;
    $("error").hidden = false;
    return;
  }
  $("generated").textContent = "Listed at " + index.generated;
  $("filter").addEventListener("input", (e) => {
    view.filter = e.target.value;
    render();
  });
  $("prev").addEventListener("click", () => { view.page--; drawPage(); });
  $("next").addEventListener("click", () => { view.page++; drawPage(); });
  render();
}

start();
