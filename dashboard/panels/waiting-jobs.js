// Each job waiting at the run (the JSON's "waiting_jobs"): when it became eligible, Slurm's own expected
// start (squeue --start, labelled as Slurm's) and how long jobs of its shape waited in the window, as
// the run wrote them. Hidden when the data lists no waiting job.

import { $, element } from "../text.js";
import { shownTime } from "../time.js";

function time(iso, zone) {
  return iso ? shownTime(Date.parse(iso), zone) : "–";
}

function render(d) {
  const w = d && d.waiting_jobs && Array.isArray(d.waiting_jobs.jobs) ? d.waiting_jobs : null;
  $("waiting-jobs").hidden = !w || w.jobs.length === 0;
  const body = $("waiting-jobs-rows");
  body.replaceChildren();
  if (!w) return;
  $("waiting-jobs-slurm").textContent = w.slurm_start_label;
  $("waiting-jobs-note").textContent = w.slurm_start_note;
  for (const j of w.jobs) {
    const tr = element("tr", { "data-job": j.job_id });
    for (const text of [j.job_id, j.user, String(j.cpus), String(j.gpus), j.reason,
      time(j.eligible, d.derived.zone), time(j.slurm_start, d.derived.zone), j.typical || "–"]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
}

export default {
  id: "waiting-jobs",
  title: "Waiting jobs",
  hourly: true,  // what the run saw, whichever range the charts show
  slot: "tables",
  mount: () => element("section", { id: "waiting-jobs" },
    "<h2>Waiting jobs</h2><p id=\"waiting-jobs-note\" class=\"note\"></p>"
    + "<table id=\"waiting-jobs-table\" class=\"usage\"><caption>The jobs waiting at the run, with Slurm's"
    + " estimate of their start and how long jobs of their size waited.</caption><thead><tr><th>Job</th><th>User</th><th>CPUs</th>"
    + "<th>GPUs</th><th>Reason</th><th>Eligible since</th><th id=\"waiting-jobs-slurm\"></th>"
    + "<th>Jobs of its size waited</th></tr></thead><tbody id=\"waiting-jobs-rows\"></tbody></table>"),
  render,
};
