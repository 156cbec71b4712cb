// librarian dashboard: reads manifest.json, status.json and data_<qos>.json from its own directory
// and draws them with Plotly. Every name from the data is inserted as text (textContent), or escaped
// for Plotly, whose labels understand a little HTML: a user called "<b>x</b>" shows up literally.
// This module renders and wires the controls; the others are imported below.

import { chartBands, renderChart, userColor } from "./charts.js";
import { csv, download } from "./csv.js";
import { fetchJson, loadDataset, loadHistory, view } from "./data.js";
import { $, HISTORY_PRESETS, OBSERVABLES, PRESETS, REFRESH_MS, state } from "./state.js";
import { renderCluster, renderCurrent, renderDemandHeadline, renderEfficiency, renderFiles, renderNow, renderTotals } from "./tables.js";
import { age, normalWall, shownTime, zoneAbbreviation } from "./time.js";
import { readHash, visibleRange, writeHash } from "./url.js";

async function refresh() {
  try {
    const manifest = await fetchJson("manifest.json", false);
    if (!manifest || !Array.isArray(manifest.datasets)) throw new Error("manifest.json is malformed: no 'datasets' list");
    state.manifest = manifest;
  } catch (e) {
    showPageError(e.message);
    return;
  }
  try {
    state.status = await fetchJson("status.json", true);
  } catch (e) {
    state.status = null;
  }
  const names = state.manifest.datasets.map((d) => d.qos);
  if (!names.includes(state.qos)) state.qos = names.length ? names[0] : null;
  if (state.qos) await loadDataset(state.qos);
  if (state.qos && state.daily && state.data[state.qos]) await loadHistory(state.qos);
  render();
}

function renderPicker(d) {
  const list = $("user-list");
  list.replaceChildren(...d.users.map((u) => {
    const option = document.createElement("option");
    option.value = u;
    return option;
  }));
  const chips = $("picked");
  chips.replaceChildren(...state.picked.map((u) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = u + " \u00d7";
    b.title = "stop showing " + u + " on its own";
    b.dataset.user = u;
    b.addEventListener("click", () => {
      state.picked = state.picked.filter((x) => x !== u);
      render();
    });
    return b;
  }));
}

function showPageError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
  $("charts").hidden = true;
  document.querySelector(".tables").hidden = true;
  finishRender();
}

export function render() {
  state.drawStarted = performance.now();
  renderTabs();
  renderUpdated();
  const qos = state.qos;
  const box = $("error");
  if (!qos) {
    showPageError("No data yet: manifest.json lists no QoS. Run 'librarian parse' (or 'librarian run') to collect some.");
    return;
  }
  if (state.errors[qos] || !state.data[qos]) {
    showPageError(state.errors[qos] || "No data for " + qos);
    renderFiles();
    return;
  }
  box.hidden = true;
  $("charts").hidden = false;
  document.querySelector(".tables").hidden = false;
  const d = state.data[qos];
  const v = view();
  const h = state.history[qos];
  const note = $("history-note");
  const span = PRESETS[state.range] || HISTORY_PRESETS[state.range];
  const late = state.range !== "custom" && span && v.derived.endMs - span < v.derived.firstDataMs
    && v.derived.firstDataMs > v.derived.ms[0];
  note.textContent = (state.daily && h && h.error ? h.error : state.daily && h ? "Daily averages over local days"
    + " (" + v.derived.zone + "), from " + v.derived.firstDay + "; the limit line follows the limits as they were." : "")
    + (late ? (state.daily && h ? " " : "") + "No usage before " + shownTime(v.derived.firstDataMs, v.derived.zone)
    + ": the charts start there." : "");
  note.hidden = !note.textContent;
  const range = visibleRange(v);
  $("from").value = range[0].slice(0, 16).replace(" ", "T");
  $("to").value = range[1].slice(0, 16).replace(" ", "T");
  $("zone").textContent = "Times in " + d.derived.zone + " (" + zoneAbbreviation(d.derived.updatedMs, d.derived.zone) + ")";
  document.querySelectorAll("#presets button").forEach((b) => {
    b.classList.toggle("active", b.dataset.range === state.range);
  });
  renderSummary(d);
  renderPicker(v);
  for (const o of OBSERVABLES) renderChart(o, v, range);
  state.bandsKey = chartBands(v).map((b) => b.key).join("\u0001");
  renderNow(d);
  renderCluster(d);
  renderDemandHeadline(v, range);
  renderCurrent(d);
  renderTotals(v, range);
  renderEfficiency(d);
  renderFiles();
  writeHash();
  finishRender();
}

function finishRender() {
  state.renders += 1;
  document.body.dataset.renders = String(state.renders);
  // How long the last full render took (charts and tables), for scripts/bench.
  if (state.drawStarted !== undefined) document.body.dataset.drawMs = String(Math.round(performance.now() - state.drawStarted));
  state.drawStarted = undefined;
}

function renderTabs() {
  const nav = $("tabs");
  nav.replaceChildren();
  for (const entry of state.manifest ? state.manifest.datasets : []) {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.setAttribute("aria-selected", String(entry.qos === state.qos));
    b.dataset.qos = entry.qos;
    b.textContent = entry.qos;
    b.addEventListener("click", () => selectTab(entry.qos));
    nav.appendChild(b);
  }
}

async function selectTab(qos) {
  state.qos = qos;
  if (!state.data[qos]) await loadDataset(qos);
  if (state.daily && !state.history[qos] && state.data[qos]) await loadHistory(qos);
  render();
}

/** Applies the state's range to every chart and the totals, without redrawing the traces. */
export function setRange() {
  const d = view();
  if (!d) return;
  const range = visibleRange(d);
  // Another range may have other largest users: then the charts are drawn again, not just moved.
  if (chartBands(d).map((b) => b.key).join("\u0001") !== state.bandsKey) {
    render();
    return;
  }
  state.syncing = true;
  try {
    for (const o of OBSERVABLES) Plotly.relayout($("chart-" + o), { "xaxis.range": range.slice() });
  } finally {
    state.syncing = false;
  }
  $("from").value = range[0].slice(0, 16).replace(" ", "T");
  $("to").value = range[1].slice(0, 16).replace(" ", "T");
  document.querySelectorAll("#presets button").forEach((b) => b.classList.toggle("active", b.dataset.range === state.range));
  renderTotals(d, range);
  writeHash();
  finishRender();
}

// The sentence the run built from the data (it names its own period); absent in older JSON. When the
// run left users out (privacy.hide_users), the page says so, never how many.
function renderSummary(d) {
  const el = $("summary");
  el.textContent = typeof d.summary === "string" ? d.summary : "";
  el.hidden = !el.textContent;
  const hidden = $("hidden-note");
  hidden.textContent = d.metadata && d.metadata.users_hidden === true ? "Some users are not shown on this page." : "";
  hidden.hidden = !hidden.textContent;
}

function renderUpdated() {
  const d = state.data[state.qos];
  const status = state.status;
  const zone = d ? d.derived.zone : (status && status.timezone) || "UTC";
  const lastMs = d ? d.derived.updatedMs : NaN;
  const interval = ((state.manifest && state.manifest.run_interval_seconds) || 600) * 1000;
  const now = Date.now();
  $("updated").textContent = isNaN(lastMs) ? "" : "Last updated " + shownTime(lastMs, zone) + " (" + age(now - lastMs) + ")";
  const banner = $("banner");
  const messages = [];
  if (!isNaN(lastMs) && now - lastMs > 3 * interval) {
    messages.push("Stale data: the last update was " + age(now - lastMs) + " (" + shownTime(lastMs, zone)
      + "); updates are expected every " + Math.round(interval / 60000) + " min, so the collector may have stopped.");
  }
  const stuckMs = status && status.lock_stuck_since ? Date.parse(status.lock_stuck_since) : NaN;
  if (!isNaN(stuckMs)) {
    messages.push("Updates have stopped: a run has held the lock since " + shownTime(stuckMs, zone) + " ("
      + age(now - stuckMs) + "), more than two run intervals, so it is stuck. Whoever runs the collector should end it;"
      + " the next run then takes over.");
  }
  if (status && status.ok === false) {
    const failed = (status.qos || []).filter((q) => q.error).map((q) => q.qos + ": " + q.error);
    const when = status.finished ? Date.parse(status.finished) : NaN;
    messages.push("The last update" + (isNaN(when) ? "" : " (" + shownTime(when, zone) + ")") + " failed"
      + (failed.length ? " — " + failed.join("; ") : (status.error ? " — " + status.error : ""))
      + ". The charts show the last good data.");
  }
  const skipped = (status && status.ok !== false ? status.qos || [] : [])
    .filter((q) => Array.isArray(q.problems) && q.problems.length);
  if (skipped.length) {
    messages.push("The last update skipped malformed rows — " + skipped.map((q) => q.qos + ": " + q.rows_skipped
      + (q.rows_skipped === 1 ? " row" : " rows") + " (" + q.problems.join("; ") + ")").join("; ") + ".");
  }
  (status && Array.isArray(status.collector_waiting) ? status.collector_waiting : []).forEach((w) => {
    messages.push("The collector's cron job " + w.job + " (" + w.name + ") has been waiting "
      + Math.round(w.waited_seconds / 60) + " min for a limit (" + w.reason + "): it runs in a QoS that is at its"
      + " limit, so updates stall when the group is at its limit. Run it in a QoS outside the group's limit.");
  });
  if (status && status.job && status.job.waited_seconds > interval / 1000) {
    messages.push("The last update started " + Math.round(status.job.waited_seconds / 60) + " min late: its cron job"
      + " waited for a limit. Run it in a QoS outside the group's limit.");
  }
  banner.textContent = messages.join(" ");
  banner.hidden = messages.length === 0;
  $("generator").textContent = state.manifest && state.manifest.generator ? "Made by " + state.manifest.generator : "";
}

function applyTheme(dark) {
  if (dark) document.documentElement.dataset.theme = "dark"; else delete document.documentElement.dataset.theme;
  $("theme").textContent = dark ? "Light mode" : "Dark mode";
}

function wire() {
  applyTheme(document.documentElement.dataset.theme === "dark");
  $("show-waiting").addEventListener("change", () => {
    state.showWaiting = $("show-waiting").checked;
    render();
  });
  $("theme").addEventListener("click", () => {
    const dark = document.documentElement.dataset.theme !== "dark";
    try { localStorage.setItem("librarian-theme", dark ? "dark" : "light"); } catch (e) { /* not remembered */ }
    applyTheme(dark);
    render();
  });
  document.querySelectorAll("#presets button").forEach((b) => b.addEventListener("click", async () => {
    const daily = Boolean(HISTORY_PRESETS[b.dataset.range]);
    state.range = b.dataset.range;
    if (daily !== state.daily || (daily && !state.history[state.qos])) {
      state.daily = daily;
      if (daily && !state.history[state.qos]) await loadHistory(state.qos);
      render();
    } else {
      setRange();
    }
  }));
  $("picker").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const name = $("pick").value.trim();
    const d = view();
    if (!d || !d.users.includes(name)) {
      $("pick").setCustomValidity(name ? "No user " + name + " in this QoS" : "Type a user's name");
      $("pick").reportValidity();
      return;
    }
    $("pick").setCustomValidity("");
    $("pick").value = "";
    if (!state.picked.includes(name)) state.picked.push(name);
    render();
  });
  $("pick").addEventListener("input", () => $("pick").setCustomValidity(""));
  $("csv-series").addEventListener("click", () => download("series"));
  $("csv-totals").addEventListener("click", () => download("totals"));
  $("custom").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const from = $("from").value;
    const to = $("to").value;
    if (!from || !to || from >= to) {
      $("from").setCustomValidity("From must be before To");
      $("from").reportValidity();
      return;
    }
    $("from").setCustomValidity("");
    state.range = "custom";
    state.from = normalWall(from);
    state.to = normalWall(to);
    setRange();
  });
  window.addEventListener("hashchange", () => {
    const before = state.qos;
    readHash();
    if (state.qos !== before) selectTab(state.qos); else setRange();
  });
}

readHash();

wire();

const ready = refresh();

setInterval(refresh, REFRESH_MS);

setInterval(renderUpdated, 30000);

window.librarianDashboard = { state, refresh, ready, userColor, csv, chartBands: () => chartBands(view()) };
