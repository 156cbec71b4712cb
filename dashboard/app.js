// librarian dashboard: reads manifest.json, status.json and data_<qos>.json from its own directory
// and draws them with Plotly. Every name from the data is inserted as text (textContent), or escaped
// for Plotly, whose labels understand a little HTML: a user called "<b>x</b>" shows up literally.
"use strict";

(function () {
  const OBSERVABLES = ["NCPUS", "NGPUS", "MEMORY", "NJOBS"];
  const TITLES = { NCPUS: "CPUs in use", NGPUS: "GPUs in use", MEMORY: "Memory in use", NJOBS: "Jobs running" };
  const TOTAL_KEYS = { NCPUS: "cpu_hours", NGPUS: "gpu_hours", MEMORY: "mem_gb_hours", NJOBS: "job_hours" };
  const TOTAL_UNITS = { NCPUS: "CPU-hours", NGPUS: "GPU-hours", MEMORY: "GB-hours", NJOBS: "job-hours" };
  const HOUR = 3600 * 1000;
  const PRESETS = { "6h": 6 * HOUR, "12h": 12 * HOUR, "24h": 24 * HOUR, "3d": 72 * HOUR, "7d": 168 * HOUR,
    "14d": 336 * HOUR, "30d": 720 * HOUR };
  // Longer ranges read history_<qos>.json: daily averages kept beyond the 30-day window.
  const DAY = 24 * HOUR;
  const HISTORY_PRESETS = { "90d": 90 * DAY, "1y": 365 * DAY, "all": Infinity };
  const LIMIT_COLOR = "#d62728";
  // Work waiting, drawn on top of the usage stack, one band per reason class.
  const WAIT_CLASSES = ["qos_limit", "account_limit", "cluster", "other"];
  const WAIT_LABELS = { qos_limit: "waiting for the QoS limit", account_limit: "waiting for the account limit",
    cluster: "waiting for the cluster", other: "waiting (other reasons)" };
  const WAIT_SHORT = { qos_limit: "QoS limit", account_limit: "account limit", cluster: "cluster", other: "other" };
  const WAIT_COLORS = { qos_limit: "rgba(214,39,40,0.28)", account_limit: "rgba(255,127,14,0.28)",
    cluster: "rgba(127,127,127,0.25)", other: "rgba(31,119,180,0.22)" };
  const OTHERS_COLOR = "rgb(158,158,158)";
  const query = new URLSearchParams(location.search);
  const REFRESH_MS = (Number(query.get("refresh")) > 0 ? Number(query.get("refresh")) : 300) * 1000;

  const state = {
    manifest: null,
    status: null,
    data: {},        // qos -> validated data
    errors: {},      // qos -> message
    qos: null,
    range: "30d",    // a preset, or "custom" with from/to as "YYYY-MM-DD HH:MM:SS" in the data's zone
    from: null,
    to: null,
    hidden: new Set(),
    picked: [],      // users chosen in the picker, drawn one by one even when they are among "others"
    daily: false,    // whether the charts show the daily history (90d, 1y, all, or a range zoomed from them)
    history: {},     // qos -> the history as a data object, or { error }
    showWaiting: true,
    sort: { current: { key: "NCPUS", dir: -1 }, totals: { key: "cpu_hours", dir: -1 },
      efficiency: { key: "idle", dir: -1 }, now: { key: "NCPUS", dir: -1 }, waiting: { key: "NCPUS", dir: -1 } },
    renders: 0,
  };
  let syncing = false;

  const $ = (id) => document.getElementById(id);

  // ---- names and colours -------------------------------------------------------------------

  /** Escapes a name for Plotly's labels, which would otherwise read <b>, <a>, <br> as markup. */
  function plotlyText(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /**
   * A user's colour: the one the JSON gives (the PNG/PDF charts use the same, org.librarian.output.UserColors:
   * the 11 users with the most CPU-hours), else grey like "others".
   */
  function userColor(user) {
    const d = state.data[state.qos];
    const colors = d && d.colors && typeof d.colors === "object" ? d.colors : {};
    return Object.prototype.hasOwnProperty.call(colors, user) && /^#[0-9a-f]{6}$/i.test(colors[user])
      ? colors[user] : OTHERS_COLOR;
  }

  // ---- time --------------------------------------------------------------------------------

  /** "2026-11-01T01:00:00-04:00" -> "2026-11-01 01:00:00": the wall-clock time in the data's zone. */
  function wallOf(iso) {
    return iso.slice(0, 19).replace("T", " ");
  }

  function wall(ms, zone) {
    const parts = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(ms)).forEach((p) => { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute + ":" + parts.second;
  }

  function zoneAbbreviation(ms, zone) {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
      .formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName");
    return part ? part.value : zone;
  }

  /** "2026-11-22 21:29 EST" */
  function shownTime(ms, zone) {
    return wall(ms, zone).slice(0, 16) + " " + zoneAbbreviation(ms, zone);
  }

  /** Any of "2026-11-01", "2026-11-01T05", "2026-11-01 05:30", "2026-11-01 05:30:12.345" -> "2026-11-01 05:30:12". */
  function normalWall(s) {
    let t = String(s).trim().replace("T", " ");
    if (/^\d{4}-\d\d-\d\d$/.test(t)) t += " 00:00:00";
    else if (/^\d{4}-\d\d-\d\d \d\d$/.test(t)) t += ":00:00";
    else if (/^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(t)) t += ":00";
    return t.slice(0, 19);
  }

  function age(ms) {
    const minutes = Math.max(0, Math.round(ms / 60000));
    if (minutes < 1) return "just now";
    if (minutes < 60) return minutes + " min ago";
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return hours + " h " + (minutes % 60) + " min ago";
    return Math.floor(hours / 24) + " days ago";
  }

  // ---- loading -----------------------------------------------------------------------------

  async function fetchJson(name, optional) {
    let response;
    try {
      response = await fetch(name, { cache: "no-store" });
    } catch (e) {
      throw new Error(name + " could not be loaded (" + e.message + ")");
    }
    if (!response.ok) {
      if (optional && response.status === 404) return null;
      throw new Error(name + " could not be loaded (HTTP " + response.status + " " + response.statusText + ")");
    }
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(name + " is not valid JSON (" + e.message + ")");
    }
  }

  /** Checks the shape the page relies on; returns the data with derived arrays, or throws with the reason. */
  function validate(name, d) {
    const fail = (why) => { throw new Error(name + " is malformed: " + why); };
    if (!d || typeof d !== "object") fail("not a JSON object");
    if (!Array.isArray(d.time_idxs) || d.time_idxs.length === 0) fail("'time_idxs' is missing or empty");
    if (!Array.isArray(d.users)) fail("'users' is missing");
    if (!d.observables || typeof d.observables !== "object") fail("'observables' is missing");
    const n = d.time_idxs.length;
    const ms = d.time_idxs.map((t) => (typeof t === "string" ? Date.parse(t) : NaN));
    if (ms.some(isNaN)) fail("'time_idxs' holds a value that is not a time");
    for (const o of OBSERVABLES) {
      const series = d.observables[o];
      if (!series || typeof series !== "object") fail("'observables." + o + "' is missing");
      for (const u of d.users) {
        const s = series[u];
        if (!Array.isArray(s) || s.length !== n) fail("'observables." + o + "' has no series of " + n + " values for a user");
        if (s.some((v) => typeof v !== "number" || !isFinite(v))) fail("'observables." + o + "' holds a value that is not a number");
      }
    }
    const meta = d.metadata || {};
    const zone = meta.timezone || "UTC";
    const step = (meta.time_resolution_seconds || 3600) * 1000;
    const endMs = meta.window_end ? Date.parse(meta.window_end) : ms[n - 1] + step;
    const updatedMs = meta.last_updated ? Date.parse(meta.last_updated) : endMs;
    // Hours each bin covers; the current bin only up to the moment of the run.
    const hours = ms.map((start, i) => {
      const stop = Math.min(i + 1 < n ? ms[i + 1] : endMs, updatedMs);
      return Math.max(0, stop - start) / HOUR;
    });
    // The first bin with any usage: a new group's charts start there, not at the window's start.
    let first = n - 1;
    for (const o of OBSERVABLES) {
      for (const u of d.users) {
        const s = d.observables[o][u];
        for (let i = 0; i < first; i++) if (s[i] > 0) { first = i; break; }
      }
    }
    const firstDataMs = ms[Math.min(first, n - 1)];
    return Object.assign({}, d, {
      thresholds: d.thresholds || {},
      units: d.units || { NCPUS: "CPUs", NGPUS: "GPUs", MEMORY: "GB", NJOBS: "jobs" },
      totals: d.totals || null,
      derived: { ms, hours, x: d.time_idxs.map(wallOf), zone, endMs, updatedMs, qos: meta.qos, firstDataMs },
    });
  }

  async function loadDataset(qos) {
    const entry = state.manifest.datasets.find((d) => d.qos === qos);
    try {
      state.data[qos] = validate(entry.data, await fetchJson(entry.data, false));
      delete state.errors[qos];
    } catch (e) {
      delete state.data[qos];
      state.errors[qos] = e.message;
    }
  }

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

  // ---- URL hash: tab and range, so a link can be shared ------------------------------------

  function readHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    if (h.get("qos")) state.qos = h.get("qos");
    if (h.get("from") && h.get("to")) {
      state.range = "custom";
      state.from = normalWall(h.get("from"));
      state.to = normalWall(h.get("to"));
    } else if (PRESETS[h.get("range")] || HISTORY_PRESETS[h.get("range")]) {
      state.range = h.get("range");
    }
    state.picked = h.get("users") ? h.get("users").split(",").filter(Boolean) : [];
    state.daily = Boolean(HISTORY_PRESETS[state.range]) || (state.range === "custom" && h.get("view") === "daily");
  }

  function writeHash() {
    const h = new URLSearchParams();
    if (state.qos) h.set("qos", state.qos);
    if (state.range === "custom") {
      h.set("from", state.from.slice(0, 16).replace(" ", "T"));
      h.set("to", state.to.slice(0, 16).replace(" ", "T"));
      if (state.daily) h.set("view", "daily");
    } else {
      h.set("range", state.range);
    }
    if (state.picked.length) h.set("users", state.picked.join(","));
    const hash = "#" + h.toString();
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  /** The visible range as wall-clock strings in the data's zone. */
  function visibleRange(d) {
    if (state.range === "custom" && state.from && state.to) return [state.from, state.to];
    const span = PRESETS[state.range] || HISTORY_PRESETS[state.range] || PRESETS["30d"];
    const start = Math.max(d.derived.endMs - span, d.derived.firstDataMs);
    return [wall(start, d.derived.zone), wall(d.derived.endMs, d.derived.zone)];
  }

  // ---- who is drawn one by one ------------------------------------------------------------

  const OTHERS = "\u0000others";   // the key of the "others" band: no user name can be it
  const PICKED_COLOR = "#5a5a5a";

  /**
   * The bands of a chart, bottom to top: the users the JSON gives a colour (the same users as the
   * PNG/PDF charts: the largest, org.librarian.output.UserColors), largest first; users chosen in the
   * picker; then one "others" band for everyone else. Tables keep every user.
   */
  function chartBands(d) {
    const colors = d.colors && typeof d.colors === "object" ? d.colors : null;
    const named = colors ? d.users.filter((u) => Object.prototype.hasOwnProperty.call(colors, u))
      : d.users.slice(0, 11);
    const shown = new Set(named);
    const bands = named.map((u) => ({ key: u, label: u, color: userColor(u) }));
    for (const u of state.picked) {
      if (!shown.has(u) && d.users.includes(u)) {
        shown.add(u);
        bands.push({ key: u, label: u, color: PICKED_COLOR, picked: true });
      }
    }
    const rest = d.users.filter((u) => !shown.has(u));
    if (rest.length) {
      bands.push({ key: OTHERS, label: "others (" + rest.length + (rest.length === 1 ? " user)" : " users)"),
        color: OTHERS_COLOR, users: rest });
    }
    return bands;
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

  // ---- CSV of what is shown ------------------------------------------------------------------

  /** A CSV field: quoted when needed; a leading =, +, - or @ made inert for spreadsheets. */
  function csvField(v) {
    let s = String(v);
    if (/^[=+\-@]/.test(s) && typeof v !== "number") s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /** "series": every user's value per bin of the visible range; "totals": the range's totals per user. */
  function csv(kind) {
    const d = view();
    const range = visibleRange(d);
    const zone = d.derived.zone;
    const lines = [];
    if (kind === "series") {
      lines.push(["start (" + zone + ")", "hours", "user", "CPUs", "GPUs", "memory (GB)", "jobs"].map(csvField).join(","));
      for (let i = 0; i < d.time_idxs.length; i++) {
        if (d.derived.x[i] < range[0] || d.derived.x[i] >= range[1]) continue;
        for (const u of d.users) {
          const values = OBSERVABLES.map((o) => d.observables[o][u][i]);
          if (values.some((x) => x > 0)) {
            lines.push([d.time_idxs[i], d.derived.hours[i], u].concat(values).map(csvField).join(","));
          }
        }
      }
    } else {
      const totals = rangeTotals(d, range);
      lines.push(["user"].concat(OBSERVABLES.map((o) => TOTAL_UNITS[o]))
        .concat(["from (" + zone + ")", "to (" + zone + ")"]).map(csvField).join(","));
      for (const u of d.users) {
        const values = OBSERVABLES.map((o) => Math.round(totals[u][TOTAL_KEYS[o]] * 1000) / 1000);
        if (values.some((x) => x > 0)) lines.push([u].concat(values).concat(range).map(csvField).join(","));
      }
    }
    return lines.join("\r\n") + "\r\n";
  }

  function download(kind) {
    const d = view();
    const range = visibleRange(d);
    const name = (d.derived.qos || state.qos) + "_" + range[0].slice(0, 16).replace(/[ :]/g, "-") + "_"
      + range[1].slice(0, 16).replace(/[ :]/g, "-") + "_" + kind + ".csv";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([csv(kind)], { type: "text/csv" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  /** The sum of the "others" users' series, per bin. */
  function othersSeries(d, o, band) {
    const sum = new Array(d.time_idxs.length).fill(0);
    for (const u of band.users) {
      const s = d.observables[o][u];
      for (let i = 0; i < sum.length; i++) sum[i] += s[i];
    }
    return sum;
  }

  // ---- the daily history -------------------------------------------------------------------

  /**
   * history_<qos>.json as a data object the charts and tables draw like the hourly one: a bin per
   * local day (its real length: 23 or 25 hours when clocks change, today so far), users missing from
   * an observable read as zeros, the limit as it was on each day.
   */
  function historyData(name, h, hourly) {
    if (!h || !Array.isArray(h.days) || !Array.isArray(h.day_starts) || !Array.isArray(h.hours)
      || !Array.isArray(h.users) || !h.observables) throw new Error(name + " is malformed");
    const n = h.days.length;
    if (n === 0) throw new Error(name + " holds no days yet");
    const zeros = () => new Array(n).fill(0);
    const observables = {};
    for (const o of OBSERVABLES) {
      observables[o] = {};
      for (const u of h.users) {
        const s = h.observables[o] && h.observables[o][u];
        observables[o][u] = Array.isArray(s) && s.length === n ? s : zeros();
      }
    }
    const limits = Array.isArray(h.limits) ? h.limits : [];
    const steps = {};
    const last = limits.length ? limits[limits.length - 1] : {};
    for (const o of OBSERVABLES) {
      steps[o] = h.days.map((day) => {
        let v = 0;
        for (const l of limits) if (l.from <= day) v = Number(l[o]) || 0;
        return v;
      });
    }
    const lastStart = Date.parse(h.day_starts[n - 1]);
    const meta = h.metadata || {};
    const d = {
      metadata: { qos: meta.qos, timezone: meta.timezone, time_resolution_seconds: 86400,
        window_end: new Date(lastStart + h.hours[n - 1] * HOUR).toISOString(), last_updated: meta.last_updated },
      time_idxs: h.day_starts, users: h.users, observables,
      thresholds: { NCPUS: last.NCPUS || 0, NGPUS: last.NGPUS || 0, MEMORY: last.MEMORY || 0, NJOBS: last.NJOBS || 0 },
      units: (hourly && hourly.units) || { NCPUS: "CPUs", NGPUS: "GPUs", MEMORY: "GB", NJOBS: "jobs" },
      totals: h.totals || null, colors: hourly ? hourly.colors : {},
    };
    const w = h.waiting_at_limit;
    if (w && Array.isArray(w.NCPUS)) {
      d.demand = { by_reason: { qos_limit: { NCPUS: w.NCPUS.map((v) => v || 0),
        NGPUS: (w.NGPUS || zeros()).map((v) => v || 0), MEMORY: zeros(), NJOBS: zeros() } } };
    }
    const v = validate(name, d);
    v.derived.daily = true;
    v.derived.limitSteps = steps;
    v.derived.firstDay = h.days[0];
    return v;
  }

  async function loadHistory(qos) {
    const name = "history_" + qos + ".json";
    try {
      const h = await fetchJson(name, true);
      state.history[qos] = h === null
        ? { error: "No daily history for " + qos + " yet: librarian parse and run write " + name
          + " (from the 30 days they see), and librarian backfill fills it further back." }
        : historyData(name, h, state.data[qos]);
    } catch (e) {
      state.history[qos] = { error: e.message };
    }
  }

  /** What the charts and totals show: the daily history when it is asked for and there, else the hourly data. */
  function view() {
    const d = state.data[state.qos];
    const h = state.history[state.qos];
    return state.daily && d && h && !h.error ? h : d;
  }

  // ---- rendering ---------------------------------------------------------------------------

  function colors() {
    const css = getComputedStyle(document.documentElement);
    return { fg: css.getPropertyValue("--fg").trim(), bg: css.getPropertyValue("--panel").trim(),
      grid: css.getPropertyValue("--border").trim() };
  }

  function showPageError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
    $("charts").hidden = true;
    document.querySelector(".tables").hidden = true;
    finishRender();
  }

  function render() {
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

  function renderChart(o, d, range) {
    const el = $("chart-" + o);
    const c = colors();
    const unit = d.units[o] || "";
    const limit = Number(d.thresholds[o]) || 0;
    // Each bin's average is drawn across its whole bin (a step), the current one up to the run.
    const x = d.derived.x.concat([wall(Math.min(d.derived.endMs, d.derived.updatedMs), d.derived.zone)]);
    const stepped = (s) => s.concat([s[s.length - 1]]);
    const bands = chartBands(d);
    const traces = bands.map((b) => {
      const y = stepped(b.key === OTHERS ? othersSeries(d, o, b) : d.observables[o][b.key]);
      const trace = {
        type: "scatter", mode: "lines", stackgroup: "one", x, y, meta: b.key,
        name: plotlyText(b.label), line: { width: 0.5, color: b.color, shape: "hv" }, fillcolor: b.color,
        hovertemplate: "%{y:,.2f} " + plotlyText(unit),
        visible: state.hidden.has(b.key) ? "legendonly" : true,
      };
      if (b.picked) {
        trace.line = { width: 2, color: "#1a1a1a", shape: "hv" };
        trace.fillpattern = { shape: ".", fgcolor: "#1a1a1a", bgcolor: PICKED_COLOR };
      }
      return trace;
    });
    if (state.showWaiting && d.demand && d.demand.by_reason) {
      for (const cls of WAIT_CLASSES) {
        const series = d.demand.by_reason[cls] && d.demand.by_reason[cls][o];
        if (!Array.isArray(series) || series.length !== d.time_idxs.length || !series.some((v) => v > 0)) continue;
        traces.push({
          type: "scatter", mode: "lines", stackgroup: "one", x, y: stepped(series),
          name: WAIT_LABELS[cls], line: { width: 0.5, color: WAIT_COLORS[cls].replace(/[0-9.]+\)$/, "0.9)"), shape: "hv" },
          fillcolor: WAIT_COLORS[cls], fillpattern: { shape: "/", fgcolor: WAIT_COLORS[cls].replace(/[0-9.]+\)$/, "0.6)") },
          hovertemplate: "%{y:,.2f} " + plotlyText(unit) + " " + WAIT_LABELS[cls], meta: "waiting",
        });
      }
    }
    const qos = plotlyText(d.derived.qos || state.qos);
    const title = TITLES[o] + " — " + qos + (limit > 0 ? " (limit " + limit.toLocaleString("en-US") + " " + plotlyText(unit) + ")" : "");
    const layout = {
      title: { text: title, font: { size: 15 } },
      paper_bgcolor: c.bg, plot_bgcolor: c.bg, font: { color: c.fg },
      margin: { l: 64, r: 16, t: 44, b: 40 },
      xaxis: { type: "date", range: range.slice(), gridcolor: c.grid,
        title: { text: "Time (" + plotlyText(d.derived.zone) + ")", standoff: 6 } },
      yaxis: { title: { text: plotlyText(unit) }, rangemode: "tozero", gridcolor: c.grid, fixedrange: false },
      hovermode: "x unified",
      legend: { orientation: "h", y: -0.22, font: { size: 11 } },
      shapes: [], annotations: [],
    };
    const steps = d.derived.limitSteps && d.derived.limitSteps[o];
    if (steps && steps.some((x) => x > 0)) {
      // The limits as they were: a step on the day a limit changed.
      traces.push({ type: "scatter", mode: "lines", x: d.derived.x.concat([wall(d.derived.endMs, d.derived.zone)]),
        y: steps.concat([steps[steps.length - 1]]), name: "limit", meta: "limit", hoverinfo: "skip",
        line: { color: LIMIT_COLOR, dash: "dash", width: 2, shape: "hv" }, showlegend: false });
    } else if (limit > 0) {
      layout.shapes.push({ type: "line", xref: "paper", x0: 0, x1: 1, y0: limit, y1: limit,
        line: { color: LIMIT_COLOR, dash: "dash", width: 2 } });
      layout.annotations.push({ xref: "paper", x: 1, y: limit, xanchor: "right", yanchor: "bottom", showarrow: false,
        text: "limit " + limit.toLocaleString("en-US") + " " + plotlyText(unit), font: { color: LIMIT_COLOR } });
    }
    if (d.users.length === 0) {
      layout.annotations.push({ xref: "paper", yref: "paper", x: 0.5, y: 0.5, showarrow: false,
        text: "no jobs in this window", font: { size: 16 } });
    }
    Plotly.react(el, traces, layout, { responsive: true, displaylogo: false });
    if (!el.dataset.wired) {
      el.dataset.wired = "1";
      el.on("plotly_legendclick", (ev) => {
        const keys = chartBands(view()).map((b) => b.key);
        if (ev.curveNumber >= keys.length) return true;  // a waiting band or the limit: Plotly hides it itself
        const user = keys[ev.curveNumber];
        if (state.hidden.has(user)) state.hidden.delete(user); else state.hidden.add(user);
        applyHidden();
        return false;
      });
      el.on("plotly_legenddoubleclick", () => false);
      el.on("plotly_relayout", (ev) => onZoom(ev));
    }
  }

  function applyHidden() {
    const keys = chartBands(view()).map((b) => b.key);
    const visible = keys.map((k) => (state.hidden.has(k) ? "legendonly" : true));
    syncing = true;
    try {
      for (const o of OBSERVABLES) Plotly.restyle($("chart-" + o), { visible }, keys.map((k, i) => i));
    } finally {
      syncing = false;
    }
  }

  function onZoom(ev) {
    if (syncing) return;
    const d = view();
    if (!d) return;
    if (ev["xaxis.autorange"]) {
      state.range = state.daily ? "all" : "30d";
      setRange();
      return;
    }
    let range = null;
    if (ev["xaxis.range[0]"] !== undefined) range = [ev["xaxis.range[0]"], ev["xaxis.range[1]"]];
    else if (Array.isArray(ev["xaxis.range"])) range = ev["xaxis.range"];
    if (!range) return;
    const from = normalWall(range[0]);
    const to = normalWall(range[1]);
    // The charts that setRange() moves report back the range they were given: nothing to do for them.
    const before = visibleRange(d);
    if (from === before[0] && to === before[1]) return;
    state.range = "custom";
    state.from = from;
    state.to = to;
    setRange();
  }

  /** Applies the state's range to every chart and the totals, without redrawing the traces. */
  function setRange() {
    const d = view();
    if (!d) return;
    const range = visibleRange(d);
    syncing = true;
    try {
      for (const o of OBSERVABLES) Plotly.relayout($("chart-" + o), { "xaxis.range": range.slice() });
    } finally {
      syncing = false;
    }
    $("from").value = range[0].slice(0, 16).replace(" ", "T");
    $("to").value = range[1].slice(0, 16).replace(" ", "T");
    document.querySelectorAll("#presets button").forEach((b) => b.classList.toggle("active", b.dataset.range === state.range));
    renderTotals(d, range);
    writeHash();
    finishRender();
  }

  // ---- tables ------------------------------------------------------------------------------

  function format(v, digits) {
    return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function userCell(user) {
    const td = document.createElement("td");
    if (user !== null) {
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = user === "others" ? OTHERS_COLOR : userColor(user);
      td.appendChild(swatch);
    }
    td.appendChild(document.createTextNode(user === null ? "" : user));
    return td;
  }

  /** Builds a sortable table: columns [{key, label, digits}], rows [{user, values}], footer rows after. */
  function fillTable(table, which, columns, rows, footers) {
    const sort = state.sort[which];
    const sorted = rows.slice().sort((a, b) => {
      const x = sort.key === "user" ? a.user : a.values[sort.key];
      const y = sort.key === "user" ? b.user : b.values[sort.key];
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir || (a.user < b.user ? -1 : 1);
    });
    const head = document.createElement("thead");
    const hr = document.createElement("tr");
    for (const col of [{ key: "user", label: "User" }].concat(columns)) {
      const th = document.createElement("th");
      th.textContent = col.label;
      th.dataset.key = col.key;
      if (col.key === sort.key) th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
      th.addEventListener("click", () => {
        state.sort[which] = { key: col.key, dir: sort.key === col.key ? -sort.dir : (col.key === "user" ? 1 : -1) };
        render();
      });
      hr.appendChild(th);
    }
    head.appendChild(hr);
    const body = document.createElement("tbody");
    for (const row of sorted) {
      const tr = document.createElement("tr");
      tr.appendChild(userCell(row.user));
      for (const col of columns) {
        const td = document.createElement("td");
        const v = row.values[col.key];
        td.textContent = col.text ? String(v || "") : v === null || v === undefined ? "–" : format(v, col.digits);
        if (col.shade && v !== null && v !== undefined) {
          const shade = col.shade(v);
          if (shade) td.className = shade;
        }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    for (const f of footers) {
      const tr = document.createElement("tr");
      tr.className = f.className;
      const first = document.createElement("td");
      first.textContent = f.label;
      tr.appendChild(first);
      for (const col of columns) {
        const td = document.createElement("td");
        const v = f.values[col.key];
        td.textContent = v === null || v === undefined || col.text ? "" : format(v, col.digits);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    table.replaceChildren(head, body);
  }

  /** The class with the most CPUs waiting (then jobs), for a "main reason" cell. */
  function mainReason(waiting) {
    let best = null;
    for (const cls of WAIT_CLASSES) {
      const w = waiting[cls];
      if (w && (!best || w.NCPUS > waiting[best].NCPUS || (w.NCPUS === waiting[best].NCPUS && w.NJOBS > waiting[best].NJOBS))) best = cls;
    }
    return best ? WAIT_SHORT[best] : "";
  }

  // At the instant of the run: what each user had in use against the limit, and what waited and why.
  function renderNow(d) {
    const now = d.now && d.now.users ? d.now.users : null;
    const when = d.now ? "at " + shownTime(Date.parse(d.now.at), d.derived.zone) : "";
    $("now-when").textContent = when;
    $("waiting-when").textContent = when;
    const nowTable = $("now");
    const waitTable = $("waiting");
    if (!now) {
      nowTable.replaceChildren();
      waitTable.replaceChildren();
      $("waiting-empty").hidden = false;
      $("waiting-empty").textContent = "This data file does not say what waits (it was written before librarian read it).";
      return;
    }
    const rows = [];
    const waitRows = [];
    const total = { NCPUS: 0, NGPUS: 0, MEMORY: 0, NJOBS: 0, waitCpus: 0, waitJobs: 0 };
    for (const [user, u] of Object.entries(now)) {
      const w = { NCPUS: 0, NGPUS: 0, MEMORY: 0, NJOBS: 0 };
      for (const cls of Object.keys(u.waiting || {})) OBSERVABLES.forEach((o) => { w[o] += u.waiting[cls][o]; });
      const reason = mainReason(u.waiting || {});
      const values = { NCPUS: u.in_use.NCPUS, NGPUS: u.in_use.NGPUS, MEMORY: u.in_use.MEMORY, NJOBS: u.in_use.NJOBS,
        waitCpus: w.NCPUS, waitJobs: w.NJOBS, reason };
      Object.keys(total).forEach((k) => { total[k] += values[k]; });
      rows.push({ user, values });
      if (w.NJOBS > 0) waitRows.push({ user, values: Object.assign({ reason }, w) });
    }
    const limits = {};
    OBSERVABLES.forEach((o) => { limits[o] = Number(d.thresholds[o]) > 0 ? Number(d.thresholds[o]) : null; });
    const share = {};
    OBSERVABLES.forEach((o) => { share[o] = limits[o] ? 100 * total[o] / limits[o] : null; });
    fillTable(nowTable, "now", [
      { key: "NCPUS", label: "CPUs in use", digits: 0 }, { key: "NGPUS", label: "GPUs in use", digits: 0 },
      { key: "MEMORY", label: "GB in use", digits: 1 }, { key: "NJOBS", label: "Jobs running", digits: 0 },
      { key: "waitCpus", label: "CPUs waiting", digits: 0 }, { key: "waitJobs", label: "Jobs waiting", digits: 0 },
      { key: "reason", label: "Main reason", text: true },
    ], rows, [
      { className: "total", label: "Total", values: total },
      { className: "limit", label: "QoS limit", values: limits },
      { className: "limit", label: "In use, share of limit (%)", values: share },
    ]);
    fillTable(waitTable, "waiting", [
      { key: "NJOBS", label: "Jobs", digits: 0 }, { key: "NCPUS", label: "CPUs", digits: 0 },
      { key: "NGPUS", label: "GPUs", digits: 0 }, { key: "MEMORY", label: "GB", digits: 1 },
      { key: "reason", label: "Main reason", text: true },
    ], waitRows, []);
    $("waiting-empty").hidden = waitRows.length > 0;
    $("waiting-empty").textContent = "Nothing waits.";
  }

  // The partitions this QoS's jobs use, as sinfo saw them at the run: a light and a line each.
  function renderCluster(d) {
    const box = $("cluster-now");
    const list = $("partitions");
    list.replaceChildren();
    if (!d.cluster) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    $("cluster-when").textContent = "at " + shownTime(Date.parse(d.cluster.at), d.derived.zone);
    if (d.cluster.error) {
      const li = document.createElement("li");
      li.textContent = "Not known: " + d.cluster.error + ".";
      list.appendChild(li);
      return;
    }
    for (const [name, p] of Object.entries(d.cluster.partitions || {})) {
      const li = document.createElement("li");
      const light = document.createElement("span");
      light.className = "light " + (["green", "amber", "red"].includes(p.light) ? p.light : "red");
      light.title = { green: "idle capacity", amber: "mostly in use", red: "full, drained or down" }[p.light] || "";
      li.appendChild(light);
      li.appendChild(document.createTextNode(name + ": " + format(p.cpus.idle, 0) + " of " + format(p.cpus.total, 0)
        + " CPUs idle, " + format(p.cpus.allocated, 0) + " allocated, " + format(p.cpus.other, 0)
        + " drained or down; nodes " + format(p.nodes.idle, 0) + " idle of " + format(p.nodes.total, 0) + "."));
      list.appendChild(li);
    }
  }

  // One sentence per QoS from the visible range: CPU-hours waited for the QoS limit, and the most
  // CPUs in use or waiting for it in one hour (hourly averages).
  // The sentence the run built from the data (it names its own period); absent in older JSON.
  function renderSummary(d) {
    const el = $("summary");
    el.textContent = typeof d.summary === "string" ? d.summary : "";
    el.hidden = !el.textContent;
  }

  function renderDemandHeadline(d, range) {
    const el = $("demand-headline");
    const series = d.demand && d.demand.by_reason && d.demand.by_reason.qos_limit && d.demand.by_reason.qos_limit.NCPUS;
    if (!d.demand) {
      el.textContent = "";
      return;
    }
    let waited = 0;
    let peak = 0;
    for (let i = 0; i < d.time_idxs.length; i++) {
      if (d.derived.x[i] < range[0] || d.derived.x[i] >= range[1]) continue;
      const w = series ? series[i] : 0;
      waited += w * d.derived.hours[i];
      let used = 0;
      for (const u of d.users) used += d.observables.NCPUS[u][i];
      peak = Math.max(peak, used + w);
    }
    const limit = Number(d.thresholds.NCPUS) || 0;
    const span = range[0].slice(0, 16) + " to " + range[1].slice(0, 16) + " ("
      + zoneAbbreviation(d.derived.updatedMs, d.derived.zone) + ")";
    el.textContent = "From " + span + ": jobs waited " + format(waited, 0) + " CPU-hours for the QoS limit"
      + (limit > 0 ? " (" + format(limit, 0) + " CPUs)" : "") + "; at most " + format(peak, 0)
      + " CPUs were in use or waiting for it at once (" + (d.derived.daily ? "daily" : "hourly") + " average).";
  }

  function renderCurrent(d) {
    const last = d.time_idxs.length - 1;
    const labels = { NCPUS: "CPUs", NGPUS: "GPUs", MEMORY: "Memory (GB)", NJOBS: "Jobs" };
    const columns = OBSERVABLES.map((o) => ({ key: o, label: labels[o], digits: 2 }));
    const rows = [];
    const total = {};
    OBSERVABLES.forEach((o) => { total[o] = 0; });
    for (const u of d.users) {
      const values = {};
      OBSERVABLES.forEach((o) => { values[o] = d.observables[o][u][last]; total[o] += values[o]; });
      if (OBSERVABLES.some((o) => values[o] > 0)) rows.push({ user: u, values });
    }
    const limits = {};
    OBSERVABLES.forEach((o) => { limits[o] = Number(d.thresholds[o]) > 0 ? Number(d.thresholds[o]) : null; });
    const share = {};
    OBSERVABLES.forEach((o) => { share[o] = limits[o] ? 100 * total[o] / limits[o] : null; });
    fillTable($("current"), "current", columns, rows, [
      { className: "total", label: "Total", values: total },
      { className: "limit", label: "QoS limit", values: limits },
      { className: "limit", label: "Share of limit (%)", values: share },
    ]);
    const start = d.derived.ms[last];
    $("current-when").textContent = "average over the hour from " + shownTime(start, d.derived.zone)
      + (d.derived.updatedMs < d.derived.endMs ? " (so far)" : "");
  }

  /** CPU-, GPU-, GB- and job-hours of the bins that start inside the range. */
  function rangeTotals(d, range) {
    const inRange = d.derived.x.map((x) => x >= range[0] && x < range[1]);
    const whole = inRange.every(Boolean);
    const result = {};
    for (const u of d.users) {
      const values = {};
      for (const o of OBSERVABLES) {
        const key = TOTAL_KEYS[o];
        if (whole && d.totals && d.totals[u] && typeof d.totals[u][key] === "number") {
          values[key] = d.totals[u][key];   // exact sums from the collector
        } else {
          let sum = 0;
          const s = d.observables[o][u];
          for (let i = 0; i < s.length; i++) if (inRange[i]) sum += s[i] * d.derived.hours[i];
          values[key] = sum;
        }
      }
      result[u] = values;
    }
    return result;
  }

  function renderTotals(d, range) {
    const totals = rangeTotals(d, range);
    const columns = OBSERVABLES.map((o) => ({ key: TOTAL_KEYS[o], label: TOTAL_UNITS[o], digits: 1 }))
      .concat([{ key: "share", label: "Share of CPU-hours (%)", digits: 1 }]);
    const sum = {};
    columns.forEach((c) => { sum[c.key] = 0; });
    const rows = [];
    for (const u of d.users) {
      const values = totals[u];
      if (!OBSERVABLES.some((o) => values[TOTAL_KEYS[o]] > 0)) continue;
      OBSERVABLES.forEach((o) => { sum[TOTAL_KEYS[o]] += values[TOTAL_KEYS[o]]; });
      rows.push({ user: u, values });
    }
    rows.forEach((r) => { r.values.share = sum.cpu_hours > 0 ? 100 * r.values.cpu_hours / sum.cpu_hours : 0; });
    sum.share = rows.length ? 100 : 0;
    if (d.demand && !d.derived.daily) {
      // Whole-window figures of the JSON: how long each user waited, and for how many CPU-hours at the QoS limit.
      const waited = d.demand_qos_limit_cpu_hours || {};
      const wait = d.wait || {};
      const seen = new Set(rows.map((r) => r.user));
      for (const u of Object.keys(waited).concat(Object.keys(wait))) {
        if (!seen.has(u)) {
          seen.add(u);
          const values = { share: 0 };
          OBSERVABLES.forEach((o) => { values[TOTAL_KEYS[o]] = 0; });
          rows.push({ user: u, values });
        }
      }
      sum.waited = 0;
      rows.forEach((r) => {
        r.values.waited = waited[r.user] || 0;
        r.values.p50 = wait[r.user] ? wait[r.user].p50_s / 60 : null;
        r.values.p90 = wait[r.user] ? wait[r.user].p90_s / 60 : null;
        sum.waited += r.values.waited;
      });
      columns.push({ key: "waited", label: "CPU-hours waited for the QoS limit (window)", digits: 1 },
        { key: "p50", label: "Median wait (min)", digits: 1 }, { key: "p90", label: "p90 wait (min)", digits: 1 });
    }
    fillTable($("totals"), "totals", columns, rows, [{ className: "total", label: "Total", values: sum }]);
    $("total-when").textContent = "from " + range[0].slice(0, 16) + " to " + range[1].slice(0, 16) + " ("
      + zoneAbbreviation(d.derived.updatedMs, d.derived.zone) + ")";
  }

  /** Below 50 % of what was held: "low"; below 25 %: "very-low". */
  function shadeShare(v) {
    return v < 25 ? "very-low" : v < 50 ? "low" : "";
  }

  // The jobs that ended in the window: CPU-hours held and used, idle CPU-hours, memory, low-efficiency jobs.
  function renderEfficiency(d) {
    const table = $("efficiency");
    const zone = zoneAbbreviation(d.derived.updatedMs, d.derived.zone);
    const when = "jobs that ended from " + shownTime(Date.parse(d.metadata.window_start), d.derived.zone) + " to "
      + shownTime(d.derived.updatedMs, d.derived.zone);
    $("efficiency-when").textContent = when;
    if (!d.efficiency) {
      table.replaceChildren();
      $("efficiency-headline").textContent = "No efficiency in this data file (it was written before librarian read CPU time and memory used).";
      $("efficiency-note").textContent = "";
      return;
    }
    const gpu = d.efficiency_gpu_util || { collected: false, users: {} };
    const rows = [];
    const sum = { held: 0, used: 0, idle: 0, jobs: 0, low: 0 };
    for (const [user, e] of Object.entries(d.efficiency)) {
      const values = {
        jobs: e.jobs, held: e.cpu_alloc_hours, used: e.cpu_used_hours,
        efficiency: e.cpu_efficiency === null ? null : 100 * e.cpu_efficiency,
        idle: Math.max(0, e.cpu_alloc_hours - e.cpu_used_hours),
        memory: e.mem_efficiency_p50 === null ? null : 100 * e.mem_efficiency_p50,
        low: e.low_cpu_jobs,
        gpu: gpu.users && user in gpu.users ? gpu.users[user] : null,
      };
      sum.held += values.held; sum.used += values.used; sum.idle += values.idle; sum.jobs += values.jobs; sum.low += values.low;
      rows.push({ user, values });
    }
    sum.efficiency = sum.held > 0 ? 100 * sum.used / sum.held : null;
    const columns = [
      { key: "jobs", label: "Jobs", digits: 0 },
      { key: "held", label: "CPU-hours held", digits: 1 },
      { key: "used", label: "CPU-hours used", digits: 1 },
      { key: "efficiency", label: "CPU efficiency (%)", digits: 1, shade: shadeShare },
      { key: "idle", label: "Idle CPU-hours", digits: 1 },
      { key: "memory", label: "Median memory efficiency (%)", digits: 1, shade: shadeShare },
      { key: "low", label: "Jobs under 25 % CPU", digits: 0 },
    ];
    if (gpu.collected) columns.push({ key: "gpu", label: "GPU utilisation (%)", digits: 1, shade: shadeShare });
    fillTable(table, "efficiency", columns, rows, rows.length ? [{ className: "total", label: "Total", values: sum }] : []);
    $("efficiency-headline").textContent = rows.length === 0
      ? "No job ended in this window with its CPU time recorded."
      : efficiencyHeadline(d, sum);
    $("efficiency-note").textContent = (gpu.collected ? "GPU utilisation is weighted by GPU-hours."
      : "GPU utilisation is not collected on this cluster (no gres/gpuutil in sacct's TRESUsageInAve).")
      + " Times in " + d.derived.zone + " (" + zone + ").";
  }

  function efficiencyHeadline(d, sum) {
    const days = Math.round((d.derived.updatedMs - Date.parse(d.metadata.window_start)) / 86400000);
    return "Last " + days + " days: " + format(sum.efficiency, 0) + " % of the CPU-hours held were used; "
      + format(sum.idle, 0) + " CPU-hours sat idle (" + format(sum.jobs, 0) + " jobs that ended, "
      + format(sum.low, 0) + " of them using under 25 % of their CPUs).";
  }

  function renderFiles() {
    const list = $("files");
    list.replaceChildren();
    const entry = state.manifest && state.manifest.datasets.find((x) => x.qos === state.qos);
    if (!entry) return;
    for (const name of [entry.data].concat(entry.files || [])) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = encodeURIComponent(name);
      a.textContent = name;
      li.appendChild(a);
      list.appendChild(li);
    }
  }

  // ---- freshness ---------------------------------------------------------------------------

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

  // ---- controls ----------------------------------------------------------------------------

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
})();
