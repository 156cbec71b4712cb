// The jobs that ended in the period of the preset shown (answers.<preset>.users, counted in Java): jobs,
// CPU-hours held and used, CPU efficiency and idle CPU-hours with the words of efficiency_period; memory,
// low-efficiency jobs, time, timeouts and whole-node jobs with those of details_period (the period, or its
// part after days kept without these counts; details_label names its start in their headers when it is
// not the period's), and so are the GPU columns (files written before the periods carried them: the
// window's, and they say so). A range without answers (a custom one) shows the window's figures.

import { get } from "../state.js";
import { fillTable, flagLegend, shadeShare } from "../table.js";
import { $, element, format } from "../text.js";
import { shownTime, zoneAbbreviation } from "../time.js";

/** "under 25 %", the very-low share of the data file's rule (page.efficiency_flags, lowest first). */
function underLow(d) {
  const f = ((d.page && d.page.efficiency_flags) || [])[0];
  return f ? "under " + f.below + " %" : "under the very-low share";
}

function headline(d, sum, period) {
  if (period) {
    return period.efficiency_period + ": " + format(sum.efficiency, 0) + " % of the CPU-hours held were used; "
      + format(sum.idle, 0) + " CPU-hours sat idle (" + format(sum.jobs, 0) + " jobs that ended).";
  }
  const days = Math.round((d.derived.updatedMs - Date.parse(d.metadata.window_start)) / 86400000);
  return "Last " + days + " days: " + format(sum.efficiency, 0) + " % of the CPU-hours held were used; "
    + format(sum.idle, 0) + " CPU-hours sat idle (" + format(sum.jobs, 0) + " jobs that ended, "
    + format(sum.low, 0) + " of them using " + underLow(d) + " of their CPUs).";
}

function render(view) {
  const d = get("data")[get("qos")] || view;  // moved with the view shown, which may be the daily one
  const table = $("efficiency");
  const zone = zoneAbbreviation(d.derived.updatedMs, d.derived.zone);
  const window = "jobs that ended from " + shownTime(Date.parse(d.metadata.window_start), d.derived.zone)
    + " to " + shownTime(d.derived.updatedMs, d.derived.zone);
  const period = d.answers && d.answers[get("range")] && d.answers[get("range")].users ? d.answers[get("range")] : null;
  table.dataset.period = period ? get("range") : "window";
  $("efficiency-when").textContent = period ? period.efficiency_period
    : window + " (the whole window, whichever range the charts show)";
  const details = period && period.details_period !== undefined;  // older files: the window's
  // Files written before the periods carried GPU figures: the window's, and the headers say so.
  const periodGpu = details && Object.values(period.users).some((u) => "gpu_util" in u);
  $("efficiency-caption-period").textContent = !period ? "The " + window + "."
    : details ? "Jobs, CPU-hours held and used, CPU efficiency and idle CPU-hours: " + period.efficiency_period
      + (periodGpu ? ". Memory, jobs " + underLow(d) + " CPU, time, timeouts, whole-node jobs and GPU columns: "
        + period.details_period + "."
        : ". Memory, jobs " + underLow(d) + " CPU, time, timeouts and whole-node jobs: " + period.details_period
        + ". GPU columns: the " + window + ".")
    : "Jobs, CPU-hours held and used, CPU efficiency and idle CPU-hours: " + period.efficiency_period
      + ". The other columns: the " + window + ".";
  if (!d.efficiency) {
    table.replaceChildren();
    $("efficiency-headline").textContent = "No efficiency in this data file (it was written before librarian read CPU time and memory used).";
    $("efficiency-note").textContent = "";
    return;
  }
  const gpu = d.efficiency_gpu_util || { collected: false, users: {} };
  const rows = [];
  const sum = { held: 0, used: 0, idle: 0, jobs: 0, low: 0 };
  const own = period
    ? Object.entries(period.users).filter(([, u]) => u.jobs > 0)
      .map(([user, u]) => [user, { jobs: u.jobs, held: u.cpu_held_hours, used: u.cpu_used_hours,
        efficiency: u.cpu_efficiency, idle: u.idle_cpu_hours }])
    : Object.entries(d.efficiency).map(([user, e]) => [user, { jobs: e.jobs, held: e.cpu_alloc_hours,
      used: e.cpu_used_hours, efficiency: e.cpu_efficiency, idle: Math.max(0, e.cpu_alloc_hours - e.cpu_used_hours) }]);
  own.sort((a, b) => b[1].held - a[1].held || (a[0] < b[0] ? -1 : 1));
  for (const [user, p] of own) {
    const w = d.efficiency[user] || {};  // the window's: its GPU memory
    const e = details ? period.users[user] : w;
    const values = {
      jobs: p.jobs, held: p.held, used: p.used,
      efficiency: p.efficiency === null || p.efficiency === undefined ? null : 100 * p.efficiency,
      idle: p.idle,
      memory: e.mem_efficiency_p50 === null || e.mem_efficiency_p50 === undefined ? null : 100 * e.mem_efficiency_p50,
      low: e.low_cpu_jobs === undefined ? null : e.low_cpu_jobs,
      gpu: periodGpu ? e.gpu_util : gpu.users && user in gpu.users ? gpu.users[user] : null,
      time: e.time_efficiency_p50 === null || e.time_efficiency_p50 === undefined ? null : 100 * e.time_efficiency_p50,
      timeouts: e.timeouts === undefined ? null : e.timeouts,
      exclusive: e.exclusive_jobs === undefined ? null : e.exclusive_jobs,
      gpuMemory: periodGpu ? e.gpu_memory_max_gb : w.gpu_memory_max_gb === undefined ? null : w.gpu_memory_max_gb,
    };
    sum.held += values.held; sum.used += values.used; sum.idle += values.idle; sum.jobs += values.jobs; sum.low += values.low || 0;
    rows.push({ user, values });
  }
  sum.efficiency = sum.held > 0 ? 100 * sum.used / sum.held : null;
  // A column counted over other jobs than the period's names them in its header.
  const of = (label) => details && period.details_label ? label + " (" + period.details_label + ")" : label;
  const ofWindow = (label) => periodGpu ? of(label) : period ? label + " (the window's jobs)" : label;
  const shade = (v) => shadeShare(v, d.page);
  flagLegend($("efficiency-flags"), d.page, "CPUs or memory");
  const columns = [
    { key: "jobs", label: "Jobs", digits: 0 },
    { key: "held", label: "CPU-hours held", digits: 1 },
    { key: "used", label: "CPU-hours used", digits: 1 },
    { key: "efficiency", label: "CPU efficiency (%)", digits: 1, shade },
    { key: "idle", label: "Idle CPU-hours", digits: 1 },
    { key: "memory", label: of("Median memory efficiency (%)"), digits: 1, shade },
    { key: "low", label: of("Jobs " + underLow(d) + " CPU"), digits: 0 },
    { key: "time", label: of("Median time efficiency (%)"), digits: 1 },
    { key: "timeouts", label: of("Timeouts"), digits: 0 },
    { key: "exclusive", label: of("Whole-node jobs (not in the memory median)"), digits: 0 },
  ];
  if (gpu.collected) columns.push({ key: "gpu", label: ofWindow("GPU utilisation (%)"), digits: 1, shade });
  if (rows.some((r) => r.values.gpuMemory !== null)) {
    columns.push({ key: "gpuMemory", label: ofWindow("Largest GPU memory used (GB)"), digits: 1 });
  }
  fillTable(table, "efficiency", columns, rows, rows.length ? [{ className: "total", label: "Total", values: sum }] : []);
  $("efficiency-headline").textContent = rows.length === 0
    ? (period ? period.efficiency_period + ": no job ended with its CPU time recorded."
      : "No job ended in this window with its CPU time recorded.")
    : headline(d, sum, period);
  $("efficiency-note").textContent = (gpu.collected ? "GPU utilisation is weighted by GPU-hours."
    : "GPU utilisation is not collected on this cluster (no gres/gpuutil in sacct's TRESUsageInAve).")
    + " Times in " + d.derived.zone + " (" + zone + ").";
}

export default {
  id: "efficiency",
  title: "Efficiency",
  slot: "before-tables",  // near the top: who wastes is one of the first questions
  hourly: true,  // the data file: the period's figures (answers) and the hourly window's
  mount: () => element("section", { class: "efficiency-section" }, '<h2>Efficiency <span id="efficiency-when" class="sub"></span></h2>'
    + '<p id="efficiency-headline" class="headline"></p><table id="efficiency" class="usage"><caption>Efficiency'
    + ' per user of the jobs that ended. <span id="efficiency-caption-period"></span> Flagged: <span id="efficiency-flags"></span>.</caption></table>'
    + '<p id="efficiency-note" class="sub"></p>'),
  render,
  move: render,
};
