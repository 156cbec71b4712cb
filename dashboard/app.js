// librarian dashboard: reads manifest.json, status.json and data_<qos>.json from its own directory
// and draws them with Plotly. Every name from the data is inserted as text (textContent), or escaped
// for Plotly, whose labels understand a little HTML: a user called "<b>x</b>" shows up literally.
// This module wires the controls to the state (state.js) and the state to the panels (panels.js):
// whenever the state changes, the panels draw again, or only move to a new range.

import { chartBands, userColor } from "./bands.js";
import { now as pageNow } from "./clock.js";
import { csv } from "./csv.js";
import { fetchJson, loadDataset, loadHistory, view } from "./data.js";
import { PANELS } from "./panels.js";
import { get, onChange, set, snapshot } from "./state.js";
import { $ } from "./text.js";
import { HISTORY_PRESETS, PRESETS, age, monthBounds, normalWall, shownTime, zoneAbbreviation } from "./time.js";
import { readHash, visibleRange, writeHash } from "./url.js";

const query = new URLSearchParams(location.search);

const REFRESH_MS = (Number(query.get("refresh")) > 0 ? Number(query.get("refresh")) : 300) * 1000;

// Bookkeeping of this module, not page state: renders so far (for tests), the bands last drawn.
let renders = 0;
let drawStarted;
let bandsKey = null;

/** Reads the manifest, the status and the tab's data (and history), then sets them at once: one render. */
async function refresh() {
  let manifest;
  try {
    manifest = await fetchJson("manifest.json", false);
    if (!manifest || !Array.isArray(manifest.datasets)) throw new Error("manifest.json is malformed: no 'datasets' list");
  } catch (e) {
    showPageError(e.message);
    return;
  }
  let status;
  try {
    status = await fetchJson("status.json", true);
  } catch (e) {
    status = null;
  }
  // Many groups: a visit without a group named opens on the list of groups (manifest.index_page).
  if (manifest.index_page && !get("qos")) return location.replace(manifest.index_page);
  const names = manifest.datasets.map((d) => d.qos);
  const qos = names.includes(get("qos")) ? get("qos") : names.length ? names[0] : null;
  const changes = { manifest, status, qos };
  if (qos) Object.assign(changes, await loadDataset(manifest, qos));
  if (qos && get("daily") && changes.data[qos]) changes.history = await loadHistory(qos, changes.data);
  set(changes);
}

/** Switches to a tab once its data (and history, for the daily view) is loaded. */
async function selectTab(qos, more) {
  const changes = Object.assign({ qos }, more || {});
  const daily = "daily" in changes ? changes.daily : get("daily");
  let data = get("data");
  if (!data[qos]) {
    Object.assign(changes, await loadDataset(get("manifest"), qos));
    data = changes.data;
  }
  if (daily && !get("history")[qos] && data[qos]) changes.history = await loadHistory(qos, data);
  set(changes);
}

function renderPicker(d) {
  const list = $("user-list");
  list.replaceChildren(...d.users.map((u) => {
    const option = document.createElement("option");
    option.value = u;
    return option;
  }));
  const chips = $("picked");
  chips.replaceChildren(...get("picked").map((u) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = u + " \u00d7";
    b.title = "stop showing " + u + " on its own";
    b.dataset.user = u;
    b.addEventListener("click", () => set({ picked: get("picked").filter((x) => x !== u) }));
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

/** Puts each panel's element into its slot, once. */
function mountPanels() {
  for (const p of PANELS) {
    const slot = document.querySelector('[data-slot="' + p.slot + '"]');
    if (!slot) throw new Error("panel " + p.id + " names no slot of index.html: " + p.slot);
    const el = p.mount();
    el.dataset.panel = p.id;
    slot.appendChild(el);
  }
}

/** Without the tab's data only the panels drawn without data show: no other tab's figures stay. */
function showPanels(withData) {
  for (const p of PANELS) {
    const el = document.querySelector('[data-panel="' + p.id + '"]');
    if (el) el.classList.toggle("without-data", !withData && !p.withoutData);
  }
}

const bandsOf = (v) => chartBands(v).map((b) => b.key).join("\u0001");

function render() {
  drawStarted = performance.now();
  renderTabs();
  renderUpdated();
  const qos = get("qos");
  const box = $("error");
  if (!qos) {
    showPageError("No data yet: manifest.json lists no QoS. Run 'librarian parse' (or 'librarian run') to collect some.");
    return;
  }
  const hourly = get("data")[qos];
  if (get("errors")[qos] || !hourly) {
    showPageError(get("errors")[qos] || "No data for " + qos);
    showPanels(false);
    PANELS.filter((p) => p.withoutData).forEach((p) => p.render(null));
    return;
  }
  box.hidden = true;
  showPanels(true);
  $("charts").hidden = false;
  document.querySelector(".tables").hidden = false;
  const v = view();
  const daily = get("daily");
  const h = get("history")[qos];
  const note = $("history-note");
  const span = PRESETS[get("range")] || HISTORY_PRESETS[get("range")];
  const month = monthBounds(hourly, get("range"));
  const late = get("range") !== "custom" && span && (month ? month[0] : v.derived.endMs - span) < v.derived.firstDataMs
    && v.derived.firstDataMs > v.derived.ms[0];
  note.textContent = (daily && h && h.error ? h.error : daily && h ? "Daily averages over local days"
    + " (" + v.derived.zone + "), from " + v.derived.firstDay + "; the limit line follows the limits as they were." : "")
    + (late ? (daily && h ? " " : "") + "No usage before " + shownTime(v.derived.firstDataMs, v.derived.zone)
    + ": the charts start there." : "");
  note.hidden = !note.textContent;
  const range = visibleRange(v);
  renderRangeControls(range);
  $("zone").textContent = "Times in " + hourly.derived.zone + " (" + zoneAbbreviation(hourly.derived.updatedMs, hourly.derived.zone) + ")";
  renderSummary(hourly);
  renderPicker(v);
  for (const p of PANELS) p.render(p.hourly ? hourly : v, range);
  bandsKey = bandsOf(v);
  writeHash();
  finishRender();
}

/** Whether s is a real date, with or without a time: "2026-11-10", "2026-11-10 05:30" (or with a T). */
function wallInput(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d))?$/.exec(String(s).trim());
  if (!m) return false;
  const [y, mo, d, h, mi] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60;
}

function renderRangeControls(range) {
  // ISO dates in the data's zone, as every other time on the page ("2026-11-10 00:00"), whatever the
  // browser's locale: text inputs, checked by wallInput.
  $("from").value = range[0].slice(0, 16).replace("T", " ");
  $("to").value = range[1].slice(0, 16).replace("T", " ");
  document.querySelectorAll("#presets button").forEach((b) => {
    b.classList.toggle("active", b.dataset.range === get("range"));
    b.setAttribute("aria-pressed", String(b.dataset.range === get("range")));
  });
}

/** A new range with the same bands: the panels that follow the range move to it, nothing is redrawn. */
function move() {
  const v = view();
  if (!v) return;
  const range = visibleRange(v);
  for (const p of PANELS) if (p.move) p.move(v, range);
  renderSummary(get("data")[get("qos")]);
  renderRangeControls(range);
  writeHash();
  finishRender();
}

function finishRender() {
  renders += 1;
  document.body.dataset.renders = String(renders);
  // How long the last full render took (charts and tables), for scripts/bench.
  if (drawStarted !== undefined) document.body.dataset.drawMs = String(Math.round(performance.now() - drawStarted));
  drawStarted = undefined;
}

function renderTabs() {
  const nav = $("tabs");
  nav.replaceChildren();
  const manifest = get("manifest");
  // A site of many groups opens on their list (manifest.index_page); each group's page links back.
  // The title names the group shown (a bookmark, a tab, a screen reader say which).
  const shown = get("qos");
  document.title = shown ? "Usage of " + shown : "Usage";
  document.querySelector("header h1").textContent = shown ? "Usage of " + shown : "Usage";
  const list = $("all-groups");
  list.hidden = !(manifest && manifest.index_page);
  if (!list.hidden) list.href = manifest.index_page;
  for (const entry of manifest ? manifest.datasets : []) {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.setAttribute("aria-selected", String(entry.qos === get("qos")));
    b.setAttribute("aria-controls", "panel");
    b.id = "tab-" + entry.qos.replace(/[^A-Za-z0-9_-]/g, "_");
    if (entry.qos === get("qos")) $("panel").setAttribute("aria-labelledby", b.id);
    b.dataset.qos = entry.qos;
    b.textContent = entry.qos;
    b.addEventListener("click", () => selectTab(entry.qos));
    nav.appendChild(b);
  }
}

const RANGE_KEYS = new Set(["range", "from", "to"]);

/** What a change of state redraws: hidden users restyle the charts; a range alone moves them; else all. */
function onStateChange(changed) {
  if (changed.includes("dark")) applyTheme(get("dark"));
  const v = view();
  if (changed.every((k) => k === "hidden") && v && !get("errors")[get("qos")]) {
    for (const p of PANELS) if (p.restyle) p.restyle(v);
    return;
  }
  // Another range may have other largest users: then the charts are drawn again, not just moved.
  if (changed.every((k) => RANGE_KEYS.has(k)) && v && bandsOf(v) === bandsKey) move(); else render();
}

// The sentence the run built from the data for the preset shown (it names its own period and what
// waited for the limit in it); for a range the run wrote none for (a custom one, or the daily
// presets), the whole window's, which names its period too. Older JSON has only "summary". When the
// run left users out (privacy.hide_users), the page says so, never how many.
function renderSummary(d) {
  const el = $("summary");
  const all = d.summaries && typeof d.summaries === "object" ? d.summaries : {};
  const sentence = all[get("range")] || all["30d"] || d.summary;
  el.textContent = typeof sentence === "string" ? sentence : "";
  el.dataset.period = all[get("range")] ? get("range") : all["30d"] ? "30d" : "";
  el.hidden = !el.textContent;
  const hidden = $("hidden-note");
  hidden.textContent = d.metadata && d.metadata.users_hidden === true ? "Some users are not shown on this page." : "";
  hidden.hidden = !hidden.textContent;
}

function renderUpdated() {
  const d = get("data")[get("qos")];
  const status = get("status");
  const zone = d ? d.derived.zone : (status && status.timezone) || "UTC";
  const lastMs = d ? d.derived.updatedMs : NaN;
  const interval = ((get("manifest") && get("manifest").run_interval_seconds) || 600) * 1000;
  const now = pageNow();
  $("updated").textContent = isNaN(lastMs) ? "" : "Last updated " + shownTime(lastMs, zone) + " (" + age(now - lastMs) + ")";
  const banner = $("banner");
  const messages = [];
  // Only a site that `librarian run` keeps (it writes status.json) can go stale: a demo or a replay
  // (parse --now, demo) shows the data as of its own time and never says the collector stopped.
  if (status && !isNaN(lastMs) && now - lastMs > 3 * interval) {
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
  $("generator").textContent = get("manifest") && get("manifest").generator ? "Made by " + get("manifest").generator : "";
}

function applyTheme(dark) {
  if (dark) document.documentElement.dataset.theme = "dark"; else delete document.documentElement.dataset.theme;
  $("theme").textContent = dark ? "Light mode" : "Dark mode";
}

function wire() {
  applyTheme(get("dark"));
  $("show-waiting").addEventListener("change", () => set({ showWaiting: $("show-waiting").checked }));
  // The system's colour scheme, until the toggle overrides it.
  const scheme = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  if (scheme) scheme.addEventListener("change", () => {
    let chosen = null;
    try { chosen = localStorage.getItem("librarian-theme"); } catch (e) { /* storage blocked */ }
    if (chosen === null) set({ dark: scheme.matches });
  });
  $("theme").addEventListener("click", () => {
    const dark = !get("dark");
    try { localStorage.setItem("librarian-theme", dark ? "dark" : "light"); } catch (e) { /* not remembered */ }
    set({ dark });
  });
  document.querySelectorAll("#presets button").forEach((b) => b.addEventListener("click", async () => {
    const daily = Boolean(HISTORY_PRESETS[b.dataset.range]);
    const qos = get("qos");
    if (daily && !get("history")[qos] && get("data")[qos]) {
      set({ range: b.dataset.range, daily, history: await loadHistory(qos, get("data")) });
    } else {
      set({ range: b.dataset.range, daily });
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
    if (!get("picked").includes(name)) set({ picked: get("picked").concat([name]) }); else render();
  });
  $("pick").addEventListener("input", () => $("pick").setCustomValidity(""));
  // The form is novalidate: this handler checks both ends and says what is wrong, in the bubble and
  // in words beside the inputs.
  const refuse = (id, message) => {
    $(id).setCustomValidity(message);
    $(id).reportValidity();
    $("range-format").textContent = message;
  };
  $("custom").addEventListener("submit", (ev) => {
    ev.preventDefault();
    $("from").setCustomValidity("");
    $("to").setCustomValidity("");
    const zone = $("zone").textContent.replace(/^Times in /, "");
    for (const id of ["from", "to"]) {
      if (!wallInput($(id).value)) {
        refuse(id, (id === "from" ? "From" : "To") + ": write a date and time as YYYY-MM-DD HH:MM, e.g. 2026-11-10 00:00, in "
          + zone + "; not \"" + $(id).value + "\".");
        return;
      }
    }
    const from = normalWall($("from").value);
    const to = normalWall($("to").value);
    if (from >= to) {
      refuse("from", "From (" + from.slice(0, 16) + ") must be before To (" + to.slice(0, 16) + ").");
      return;
    }
    $("range-format").textContent = "YYYY-MM-DD HH:MM";
    set({ range: "custom", from, to });
  });
  window.addEventListener("hashchange", () => {
    const changes = readHash();
    if (changes.qos && changes.qos !== get("qos")) selectTab(changes.qos, changes); else set(changes);
  });
}

set(readHash());
set({ dark: document.documentElement.dataset.theme === "dark" });
mountPanels();
onChange(onStateChange);
wire();

const ready = refresh();

setInterval(refresh, REFRESH_MS);

setInterval(renderUpdated, 30000);

window.librarianDashboard = { get state() { return snapshot(); }, refresh, ready, userColor, csv,
  chartBands: () => chartBands(view()) };
