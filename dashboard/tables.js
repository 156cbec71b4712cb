// The tables: now, waiting now, the current hour, the range's totals, efficiency, cluster, files.

import { render } from "./app.js";
import { userColor } from "./charts.js";
import { $, OBSERVABLES, TOTAL_KEYS, TOTAL_UNITS, WAIT_CLASSES, WAIT_SHORT, format, state } from "./state.js";
import { shownTime, zoneAbbreviation } from "./time.js";

export function userCell(user) {
  const td = document.createElement("td");
  if (user !== null) {
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    // userColor gives the grey of the "others" band to every user not drawn one by one; a user called
    // "others" is a user like any other.
    swatch.style.background = userColor(user);
    td.appendChild(swatch);
  }
  td.appendChild(document.createTextNode(user === null ? "" : user));
  return td;
}

/** Builds a sortable table: columns [{key, label, digits}], rows [{user, values}], footer rows after. */
export function fillTable(table, which, columns, rows, footers) {
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
export function mainReason(waiting) {
  let best = null;
  for (const cls of WAIT_CLASSES) {
    const w = waiting[cls];
    if (w && (!best || w.NCPUS > waiting[best].NCPUS || (w.NCPUS === waiting[best].NCPUS && w.NJOBS > waiting[best].NJOBS))) best = cls;
  }
  return best ? WAIT_SHORT[best] : "";
}

// At the instant of the run: what each user had in use against the limit, and what waited and why.
export function renderNow(d) {
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
export function renderCluster(d) {
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

// One sentence from the visible range: CPU-hours waited for the QoS limit, and the most CPUs in use
// or waiting for it at once (hourly or daily averages).
export function renderDemandHeadline(d, range) {
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

export function renderCurrent(d) {
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
export function rangeTotals(d, range) {
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

export function renderTotals(d, range) {
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
export function shadeShare(v) {
  return v < 25 ? "very-low" : v < 50 ? "low" : "";
}

// The jobs that ended in the window: CPU-hours held and used, idle CPU-hours, memory, low-efficiency jobs.
export function renderEfficiency(d) {
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

export function efficiencyHeadline(d, sum) {
  const days = Math.round((d.derived.updatedMs - Date.parse(d.metadata.window_start)) / 86400000);
  return "Last " + days + " days: " + format(sum.efficiency, 0) + " % of the CPU-hours held were used; "
    + format(sum.idle, 0) + " CPU-hours sat idle (" + format(sum.jobs, 0) + " jobs that ended, "
    + format(sum.low, 0) + " of them using under 25 % of their CPUs).";
}

export function renderFiles() {
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

