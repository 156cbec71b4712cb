// Right-size: each job family of enough jobs with the #SBATCH lines that fit what its jobs used and
// what each would have freed over the window (docs/counting.md). The lines and sentence come from
// the data file; names and lines are set as text, never as HTML.

import { familyTablePanel } from "./families.js";

const COLUMNS = [
  { key: "name", label: "Family (job name)", text: true },
  { key: "jobs", label: "Jobs", digits: 0 },
  { key: "cpus_line", label: "CPUs to ask for", text: true },
  { key: "cpus_freed", label: "CPU-hours freed", digits: 1 },
  { key: "mem_line", label: "Memory to ask for", text: true },
  { key: "mem_freed", label: "GB-hours freed", digits: 1 },
  { key: "time_line", label: "Time to ask for", text: true },
  { key: "time_freed", label: "CPU-hours of time limit freed", digits: 1 },
];

const rightSize = familyTablePanel({
  id: "right-size",
  title: "Right-size",
  sortKey: "rightsize",
  section: (d) => d.families && d.families.right_size,
  missing: "No right-size suggestions in this data file (it was written before librarian made them).",
  columns: COLUMNS,
  values: (f) => ({
    name: f.name, jobs: f.jobs, cpus_line: f.cpus_line, cpus_freed: f.cpus_freed_cpu_hours,
    mem_line: f.mem_line, mem_freed: f.mem_freed_gb_hours, time_line: f.time_line,
    time_freed: f.time_freed_cpu_hours,
  }),
  csv: { header: "User", file: "right_size", intro: "Download the suggestions as CSV", button: "right-size" },
  caption: "What each job family could ask for, and what that would have freed over the window. Sort by a column to see what frees the most.",
  note: "Memory: the 95th percentile of peak memory × 1.2, in whole GB. Time: the 95th percentile of elapsed × 1.3,"
    + " never below the longest job that completed, in steps of 15 minutes. CPUs: only when the median CPU efficiency of the"
    + " family's single-node jobs is below 50 %. Time limit freed is CPU time the scheduler held in reserve, not CPU time used.",
});

/** The suggestions shown, as CSV: every field through csvField (quotes doubled, formulas made inert). */
export const rightSizeCsv = rightSize.csv;

export default rightSize.panel;
