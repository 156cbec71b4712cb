// Who used the QoS, ranked: per user the share of the range's CPU-hours, a sparkline of their CPUs
// in use, and CPU efficiency, idle CPU-hours and CPU-hours waited for the QoS limit of the preset's
// period (answers.<preset>.users, counted in Java), or of the whole window for a custom range. The top 10 first; "Show all" pages through everyone (25 a page) with a search box.

import { rangeTotals, userColor } from "../bands.js";
import { get } from "../state.js";
import { flag, flagLegend, shadeShare, userCell } from "../table.js";
import { $, element, format } from "../text.js";
import { shownTime, zoneAbbreviation } from "../time.js";

const TOP = 10;
const PAGE = 25;

// What this table shows of its rows: the panel's own view, not page state (nothing else reads it).
const view = { all: false, page: 0, search: "" };
let last = null;

/** A small line of a user's CPUs in use over the range's bins: at most 60 points, each a bucket's mean. */
function sparkline(series, color) {
  const n = series.length;
  const points = Math.min(60, n);
  const values = [];
  for (let k = 0; k < points; k++) {
    const from = Math.floor(k * n / points);
    const to = Math.max(from + 1, Math.floor((k + 1) * n / points));
    let sum = 0;
    for (let i = from; i < to; i++) sum += series[i];
    values.push(sum / (to - from));
  }
  const top = Math.max(...values, 0) || 1;
  const w = 80;
  const h = 18;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("spark");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", values.map((v, k) => (points > 1 ? k * (w - 2) / (points - 1) + 1 : w / 2).toFixed(1)
    + "," + (h - 1 - v / top * (h - 2)).toFixed(1)).join(" "));
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", color);
  line.setAttribute("stroke-width", "1.5");
  svg.appendChild(line);
  return svg;
}

/** The preset's figures written by the run (answers.<preset>), or null for a range without them. */
function periodOf(hourly) {
  const a = hourly && hourly.answers ? hourly.answers[get("range")] : null;
  return a && a.users ? a : null;
}

/** Every user with CPU-hours in the range or CPU-hours waited, the largest share first, ties by name. */
function rows(d, range) {
  const hourly = get("data")[get("qos")] || d;
  const totals = rangeTotals(d, range);
  const cpu = d.page.observables.NCPUS.total_key;
  let sum = 0;
  for (const u of d.users) sum += totals[u][cpu];
  const period = periodOf(hourly);
  const waited = {};
  const efficiency = {};
  if (period) {
    for (const [u, p] of Object.entries(period.users)) {
      if (p.waited_cpu_hours > 0) waited[u] = p.waited_cpu_hours;
      if (p.jobs > 0) efficiency[u] = { cpu_efficiency: p.cpu_efficiency, cpu_alloc_hours: p.cpu_held_hours, cpu_used_hours: p.cpu_used_hours };
    }
  } else {
    Object.assign(waited, hourly.demand_qos_limit_cpu_hours || {});
    Object.assign(efficiency, hourly.efficiency || {});
  }
  const inRange = d.derived.x.map((x) => x >= range[0] && x < range[1]);
  const users = new Set(d.users.filter((u) => totals[u][cpu] > 0).concat(Object.keys(waited)));
  return [...users].map((u) => {
    const e = efficiency[u];
    const series = d.observables.NCPUS[u] ? d.observables.NCPUS[u].filter((_, i) => inRange[i]) : [];
    return {
      user: u,
      cpuHours: totals[u] ? totals[u][cpu] : 0,
      share: sum > 0 && totals[u] ? 100 * totals[u][cpu] / sum : 0,
      series,
      efficiency: e && e.cpu_efficiency !== null && e.cpu_efficiency !== undefined ? 100 * e.cpu_efficiency : null,
      idle: e ? Math.max(0, e.cpu_alloc_hours - e.cpu_used_hours) : null,
      waited: waited[u] || 0,
    };
  }).sort((a, b) => b.share - a.share || b.waited - a.waited || (a.user < b.user ? -1 : 1));
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fill() {
  if (!last) return;
  const { d, all } = last;
  const query = view.search.trim().toLowerCase();
  const matching = view.all && query ? all.filter((r) => r.user.toLowerCase().includes(query)) : all;
  const pages = Math.max(1, Math.ceil(matching.length / PAGE));
  view.page = Math.min(view.page, pages - 1);
  const shown = view.all ? matching.slice(view.page * PAGE, view.page * PAGE + PAGE) : matching.slice(0, TOP);
  const body = document.createElement("tbody");
  shown.forEach((r) => {
    const tr = document.createElement("tr");
    tr.appendChild(userCell(r.user));
    tr.appendChild(cell(format(r.share, 1)));
    const spark = document.createElement("td");
    spark.appendChild(sparkline(r.series.length ? r.series : [0], userColor(r.user)));
    tr.appendChild(spark);
    const eff = cell(r.efficiency === null ? "–" : format(r.efficiency, 1));
    if (r.efficiency !== null) flag(eff, shadeShare(r.efficiency, d.page));
    tr.appendChild(eff);
    tr.appendChild(cell(r.idle === null ? "–" : format(r.idle, 1)));
    tr.appendChild(cell(format(r.waited, 1)));
    body.appendChild(tr);
  });
  const table = $("who");
  const old = table.querySelector("tbody");
  if (old) old.replaceWith(body); else table.appendChild(body);
  $("who-all").hidden = view.all || all.length <= TOP;
  $("who-all").textContent = "Show all " + format(all.length, 0) + " users";
  $("who-top").hidden = !view.all;
  $("who-search-box").hidden = !view.all;
  $("who-pager").hidden = !view.all;
  const first = matching.length ? view.page * PAGE + 1 : 0;
  $("who-page").textContent = "Users " + format(first, 0) + "–" + format(view.page * PAGE + shown.length, 0)
    + " of " + format(matching.length, 0) + (query ? " matching" : "");
  $("who-prev").disabled = view.page === 0;
  $("who-next").disabled = view.page >= pages - 1;
  $("who-count").textContent = view.all ? "" : "The top " + Math.min(TOP, all.length) + " of "
    + format(all.length, 0) + (all.length === 1 ? " user." : " users.");
}

function render(d, range) {
  const hourly = get("data")[get("qos")] || d;
  const zone = zoneAbbreviation(d.derived.updatedMs, d.derived.zone);
  const start = hourly.metadata && hourly.metadata.window_start ? Date.parse(hourly.metadata.window_start) : NaN;
  $("who-when").textContent = "from " + range[0].slice(0, 16) + " to " + range[1].slice(0, 16) + " (" + zone + ")";
  const period = periodOf(hourly);
  $("who").dataset.period = period ? get("range") : "window";
  $("who-window").textContent = period ? "the period shown (efficiency and idle: " + period.efficiency_period
    + "; waited: " + period.period + ")"
    : isNaN(start) ? "the whole window"
      : "the whole window, " + shownTime(start, hourly.derived.zone) + " to " + shownTime(hourly.derived.updatedMs, hourly.derived.zone);
  flagLegend($("who-flags"), d.page, "CPUs");
  last = { d, all: rows(d, range) };
  fill();
}

function mount() {
  const el = element("section", { class: "who-section" }, '<h2>Who used it <span id="who-when" class="sub"></span></h2>'
    + '<table id="who" class="usage who"><caption>Users ranked by their share of the CPU-hours of the range shown,'
    + ' with their CPUs in use over it; CPU efficiency, idle CPU-hours and CPU-hours waited for the QoS limit are of'
    + ' <span id="who-window">the whole window</span>. Flagged: <span id="who-flags"></span>.</caption><thead><tr>'
    + '<th scope="col">User</th><th scope="col">Share of CPU-hours (%)</th><th scope="col">CPUs in use</th>'
    + '<th scope="col">CPU efficiency (%)</th><th scope="col">Idle CPU-hours</th>'
    + '<th scope="col">CPU-hours waited for the QoS limit</th></tr></thead></table>'
    + '<p class="who-more"><span id="who-count" class="sub"></span> <button type="button" id="who-all">Show all</button>'
    + ' <button type="button" id="who-top" hidden>Show the top 10</button>'
    + ' <label id="who-search-box" hidden>Search <input id="who-search" type="search" autocomplete="off"'
    + ' placeholder="a user\'s name"></label></p>'
    + '<p id="who-pager" class="pager" hidden><button type="button" id="who-prev">Previous</button>'
    + ' <span id="who-page"></span> <button type="button" id="who-next">Next</button></p>');
  el.querySelector("#who-all").addEventListener("click", () => { Object.assign(view, { all: true, page: 0 }); fill(); });
  el.querySelector("#who-top").addEventListener("click", () => { Object.assign(view, { all: false, page: 0 }); fill(); });
  el.querySelector("#who-prev").addEventListener("click", () => { view.page = Math.max(0, view.page - 1); fill(); });
  el.querySelector("#who-next").addEventListener("click", () => { view.page += 1; fill(); });
  el.querySelector("#who-search").addEventListener("input", (ev) => { view.search = ev.target.value; view.page = 0; fill(); });
  return el;
}

export default {
  id: "who",
  title: "Who used it",
  slot: "before-tables",  // right under the charts: who used the allocation is the first question
  mount,
  render,
  move: render,
};
