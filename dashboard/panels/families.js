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

function valuesOf(f) {
  return {
    name: f.name, jobs: f.jobs, held: f.cpu_alloc_hours, used: f.cpu_used_hours,
    cpu: percent(f.cpu_efficiency_p50), memory: f.peak_mem_p95_gb, elapsed: f.elapsed_p95_hours,
    time: percent(f.time_efficiency_p50), timeouts: f.timeouts, oom: f.out_of_memory,
  };
}

/**
 * A panel of one table of job families from a section of the data file ({sentence, list}): the
 * section's sentence, a CSV download and the table, or a line saying why the file has none; a click
 * on a family shows its last jobs, on a user all of theirs. t: {id, title, sortKey, section(d) → the
 * section or null, missing (the line without it), columns, values(family), csv: {header, file,
 * intro, button}, caption, note (HTML)}. Returns the panel and the CSV of a data file's table.
 */
export function familyTablePanel(t) {
  const rowsOf = (d) => t.section(d).list.map((f) => ({ user: f.user, values: t.values(f) }));
  const csv = (d) => tableCsv(t.csv.header, t.columns, rowsOf(d));
  let shown = null;

  function render(d) {
    shown = d;
    const table = $(t.id);
    table.dataset.noun = "Families";
    if (!t.section(d)) {
      table.replaceChildren();
      $(t.id + "-sentence").textContent = t.missing;
      return;
    }
    $(t.id + "-sentence").textContent = t.section(d).sentence;
    fillTable(table, t.sortKey, t.columns, rowsOf(d), []);
  }

  const panel = {
    id: t.id,
    title: t.title,
    slot: "after-tables",
    hourly: true,  // the jobs that ended in the hourly window
    mount: () => {
      const el = element("section", { class: t.id + "-section" }, "<h2>" + t.title + "</h2>"
        + '<p id="' + t.id + '-sentence" class="headline"></p>'
        + '<p class="csv">' + t.csv.intro + ': <button type="button" id="csv-' + t.id + '">' + t.csv.button + "</button></p>"
        + '<table id="' + t.id + '" class="usage"><caption>' + t.caption + "</caption></table>"
        + '<p class="sub">' + t.note + "</p>");
      el.querySelector("#csv-" + t.id).addEventListener("click",
        () => saveCsv((shown.metadata.qos || "qos") + "_" + t.csv.file + ".csv", csv(shown)));
      el.querySelector("#" + t.id).addEventListener("click", openFrom);
      return el;
    },
    render,
  };
  return { panel, csv };
}

const families = familyTablePanel({
  id: "families",
  title: "Job families",
  sortKey: "families",
  section: (d) => d.families,
  missing: "No job families in this data file (it was written before librarian read job names).",
  columns: COLUMNS,
  values: valuesOf,
  csv: { header: "user", file: "families", intro: "Download the families as CSV", button: "families" },
  caption: "Each user's job families of the jobs that ended in the window.",
  note: "A family is one user's jobs of the same name without its trailing number (align_17 and align_18 are align_#)."
    + " p95: the 95th percentile (nearest rank); time efficiency: elapsed ÷ time limit, jobs that timed out counted apart."
    + " A click on a family shows its last jobs; on a user, all of theirs.",
});

/** The families shown, as CSV: every field through csvField (quotes doubled, formulas made inert). */
export const familiesCsv = families.csv;

export default families.panel;
