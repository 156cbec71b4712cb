// Job families: one user's jobs of the same name without its trailing number (align_17 → align_#),
// as the run grouped them (docs/counting.md). Names are set as text, never as HTML.

import { saveCsv, tableCsv } from "../csv.js";
import { fillTable } from "../table.js";
import { $, element } from "../text.js";
import { openFrom } from "./jobs.js";

const COLUMNS = [
  { key: "name", label: "Family (job name)", text: true },
  { key: "jobs", label: "Jobs", digits: 0 },
  { key: "held", label: "CPU-hours held", digits: 1 },
  { key: "used", label: "CPU-hours used", digits: 1 },
  { key: "cpu", label: "Median CPU efficiency (%)", digits: 1 },
  { key: "memory", label: "p95 peak memory (GB)", digits: 2 },
  { key: "elapsed", label: "p95 elapsed (h)", digits: 2 },
  { key: "time", label: "Median time efficiency (%)", digits: 1 },
  { key: "timeouts", label: "Timeouts", digits: 0 },
  { key: "oom", label: "Out-of-memory kills", digits: 0 },
];

function percent(v) {
  return v === null || v === undefined ? null : Math.round(1e6 * v) / 1e4; // a fraction to 4 decimals, in %
}

function rowsOf(d) {
  return d.families.list.map((f) => ({
    user: f.user,
    values: {
      name: f.name, jobs: f.jobs, held: f.cpu_alloc_hours, used: f.cpu_used_hours,
      cpu: percent(f.cpu_efficiency_p50), memory: f.peak_mem_p95_gb, elapsed: f.elapsed_p95_hours,
      time: percent(f.time_efficiency_p50), timeouts: f.timeouts, oom: f.out_of_memory,
    },
  }));
}

let shown = null;

/** The families shown, as CSV: every field through csvField (quotes doubled, formulas made inert). */
export function familiesCsv(d) {
  return tableCsv("user", COLUMNS, rowsOf(d));
}

function download() {
  saveCsv((shown.metadata.qos || "qos") + "_families.csv", familiesCsv(shown));
}

function render(d) {
  shown = d;
  const table = $("families");
  table.dataset.noun = "Families";
  if (!d.families) {
    table.replaceChildren();
    $("families-sentence").textContent = "No job families in this data file (it was written before librarian read job names).";
    return;
  }
  $("families-sentence").textContent = d.families.sentence;
  fillTable(table, "families", COLUMNS, rowsOf(d), []);
}

export default {
  id: "families",
  title: "Job families",
  slot: "after-tables",
  hourly: true,  // the jobs that ended in the hourly window
  mount: () => {
    const el = element("section", { class: "families-section" }, "<h2>Job families</h2>"
      + '<p id="families-sentence" class="headline"></p>'
      + '<p class="csv">Download the families as CSV: <button type="button" id="csv-families">families</button></p>'
      + '<table id="families" class="usage"><caption>Each user\'s job families of the jobs that ended in the window.</caption></table>'
      + '<p class="sub">A family is one user\'s jobs of the same name without its trailing number (align_17 and align_18 are align_#).'
      + " p95: the 95th percentile (nearest rank); time efficiency: elapsed ÷ time limit, jobs that timed out counted apart."
      + " A click on a family shows its last jobs; on a user, all of theirs.</p>");
    el.querySelector("#csv-families").addEventListener("click", download);
    el.querySelector("#families").addEventListener("click", openFrom);
    return el;
  },
  render,
};
