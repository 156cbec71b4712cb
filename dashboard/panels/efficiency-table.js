// The jobs that ended in the window: CPU-hours held and used, idle CPU-hours, memory, low-efficiency jobs.

import { fillTable } from "../table.js";
import { $, element, format } from "../text.js";
import { shownTime, zoneAbbreviation } from "../time.js";

/** Below 50 % of what was held: "low"; below 25 %: "very-low". */
function shadeShare(v) {
  return v < 25 ? "very-low" : v < 50 ? "low" : "";
}

function headline(d, sum) {
  const days = Math.round((d.derived.updatedMs - Date.parse(d.metadata.window_start)) / 86400000);
  return "Last " + days + " days: " + format(sum.efficiency, 0) + " % of the CPU-hours held were used; "
    + format(sum.idle, 0) + " CPU-hours sat idle (" + format(sum.jobs, 0) + " jobs that ended, "
    + format(sum.low, 0) + " of them using under 25 % of their CPUs).";
}

function render(d) {
  const table = $("efficiency");
  const zone = zoneAbbreviation(d.derived.updatedMs, d.derived.zone);
  $("efficiency-when").textContent = "jobs that ended from " + shownTime(Date.parse(d.metadata.window_start), d.derived.zone)
    + " to " + shownTime(d.derived.updatedMs, d.derived.zone) + " (the whole window, whichever range the charts show)";
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
      time: e.time_efficiency_p50 === null || e.time_efficiency_p50 === undefined ? null : 100 * e.time_efficiency_p50,
      timeouts: e.timeouts === undefined ? null : e.timeouts,
      exclusive: e.exclusive_jobs === undefined ? null : e.exclusive_jobs,
      gpuMemory: e.gpu_memory_max_gb === undefined ? null : e.gpu_memory_max_gb,
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
    { key: "time", label: "Median time efficiency (%)", digits: 1 },
    { key: "timeouts", label: "Timeouts", digits: 0 },
    { key: "exclusive", label: "Whole-node jobs (not in the memory median)", digits: 0 },
  ];
  if (gpu.collected) columns.push({ key: "gpu", label: "GPU utilisation (%)", digits: 1, shade: shadeShare });
  if (rows.some((r) => r.values.gpuMemory !== null)) {
    columns.push({ key: "gpuMemory", label: "Largest GPU memory used (GB)", digits: 1 });
  }
  fillTable(table, "efficiency", columns, rows, rows.length ? [{ className: "total", label: "Total", values: sum }] : []);
  $("efficiency-headline").textContent = rows.length === 0
    ? "No job ended in this window with its CPU time recorded."
    : headline(d, sum);
  $("efficiency-note").textContent = (gpu.collected ? "GPU utilisation is weighted by GPU-hours."
    : "GPU utilisation is not collected on this cluster (no gres/gpuutil in sacct's TRESUsageInAve).")
    + " Times in " + d.derived.zone + " (" + zone + ").";
}

export default {
  id: "efficiency",
  title: "Efficiency",
  slot: "before-tables",  // near the top: who wastes is one of the first questions
  hourly: true,  // the jobs that ended in the hourly window
  mount: () => element("section", { class: "efficiency-section" }, '<h2>Efficiency <span id="efficiency-when" class="sub"></span></h2>'
    + '<p id="efficiency-headline" class="headline"></p><table id="efficiency" class="usage"><caption>Efficiency'
    + ' per user of the jobs that ended in the window. Flagged: <span class="low">low</span> (under 50 % of the'
    + ' CPUs or memory held was used) and <span class="very-low">very low</span> (under 25 %).</caption></table>'
    + '<p id="efficiency-note" class="sub"></p>'),
  render,
};
