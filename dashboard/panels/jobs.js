// The job drill-down: the jobs of one family (a click on its row in Job families or Right-size) or
// of one user (a click on the user's cell), as the data file lists them (each family's last jobs),
// latest first, ten to a page, with a CSV download. Names are set as text, never as HTML.

import { csvField, saveCsv } from "../csv.js";
import { get, set } from "../state.js";
import { $, element, format } from "../text.js";

export const PAGE_SIZE = 10;

function percent(v) {
  return v === null || v === undefined ? null : Math.round(1e6 * v) / 1e4; // a fraction to 4 decimals, in %
}

function minutes(s) {
  return s === null || s === undefined ? null : Math.round(s / 6) / 10; // seconds to minutes, 1 decimal
}

const COLUMNS = [
  { key: "job_id", label: "JobID", text: true },
  { key: "name", label: "Name", text: true },
  { key: "state", label: "State", text: true },
  { key: "wait", label: "Wait (min)", digits: 1 },
  { key: "elapsed", label: "Elapsed (min)", digits: 1 },
  { key: "end", label: "End", text: true },
  { key: "time", label: "Time efficiency (%)", digits: 1 },
  { key: "cpu", label: "CPU efficiency (%)", digits: 1 },
  { key: "memory", label: "Memory efficiency (%)", digits: 1 },
];

/** The jobs of the chosen family (or of every family of the chosen user), latest first. */
export function drillRows(d, drill) {
  if (!d || !d.families || !drill) return [];
  const rows = [];
  for (const f of d.families.list) {
    if (f.user !== drill.user || (drill.name !== null && f.name !== drill.name)) continue;
    for (const j of f.last_jobs || []) {
      rows.push({
        job_id: j.job_id, name: j.name, state: j.state, wait: minutes(j.wait_seconds),
        elapsed: minutes(j.elapsed_seconds), end: j.end, time: percent(j.time_efficiency),
        cpu: percent(j.cpu_efficiency), memory: percent(j.mem_efficiency),
      });
    }
  }
  // By the instant (the offsets differ across a change of daylight saving time); ties keep the list's order.
  return rows.sort((a, b) => Date.parse(b.end) - Date.parse(a.end));
}

/** The chosen jobs as CSV: every field through csvField (quotes doubled, formulas made inert). */
export function drillCsv(d, drill) {
  const lines = [COLUMNS.map((c) => c.label).map(csvField).join(",")];
  for (const r of drillRows(d, drill)) {
    lines.push(COLUMNS.map((c) => (r[c.key] === null ? "" : r[c.key])).map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** Opens the drill-down on a row of a table whose first cell is the user and second the family. */
export function openFrom(event) {
  const td = event.target.closest("tbody td");
  if (!td) return;
  const tr = td.parentElement;
  const user = tr.children[0].textContent;
  const name = td === tr.children[0] ? null : tr.children[1].textContent;
  set({ drill: { user, name }, drillPage: 0 });
  $("jobs").scrollIntoView();
}

let shown = null;

function download() {
  saveCsv((shown.metadata.qos || "qos") + "_jobs.csv", drillCsv(shown, get("drill")));
}

function render(d) {
  shown = d;
  const drill = get("drill");
  const section = $("jobs");
  section.hidden = !drill || !d || !d.families;
  if (section.hidden) return;
  const rows = drillRows(d, drill);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(get("drillPage"), pages - 1);
  $("jobs-title").textContent = drill.name === null
    ? "Jobs of " + drill.user : "Jobs of " + drill.user + "'s family " + drill.name;
  $("jobs-sentence").textContent = d.families.last_jobs_sentence || "";
  const head = document.createElement("tr");
  for (const c of COLUMNS) {
    const th = document.createElement("th");
    th.setAttribute("scope", "col");
    th.textContent = c.label;
    head.appendChild(th);
  }
  const body = document.createElement("tbody");
  for (const r of rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) {
    const tr = document.createElement("tr");
    for (const c of COLUMNS) {
      const td = document.createElement("td");
      const v = r[c.key];
      td.textContent = c.text ? String(v || "") : v === null || v === undefined ? "–" : format(v, c.digits);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  const thead = document.createElement("thead");
  thead.appendChild(head);
  const table = $("jobs-table");
  const caption = table.querySelector(":scope > caption");
  table.replaceChildren(...(caption ? [caption] : []), thead, body);
  $("jobs-page").textContent = rows.length === 0 ? "No jobs." : "Page " + (page + 1) + " of " + pages
    + " (" + rows.length + (rows.length === 1 ? " job)" : " jobs)");
  $("jobs-prev").disabled = page === 0;
  $("jobs-next").disabled = page >= pages - 1;
}

export default {
  id: "jobs",
  title: "Jobs",
  slot: "after-tables",
  hourly: true,  // the jobs that ended in the hourly window
  mount: () => {
    const el = element("section", { id: "jobs", class: "jobs-section" }, '<h2 id="jobs-title">Jobs</h2>'
      + '<p id="jobs-sentence" class="headline"></p>'
      + '<p class="csv">Download these jobs as CSV: <button type="button" id="csv-jobs">jobs</button>'
      + ' <button type="button" id="jobs-close">Close</button></p>'
      + '<table id="jobs-table" class="usage"><caption>The jobs of the family or user chosen in Job families or Right-size'
      + " (a click on a family's row, or on a user), latest first. Wait: Start − Eligible; time efficiency: elapsed ÷ time limit.</caption></table>"
      + '<p class="pager"><button type="button" id="jobs-prev">Previous</button> <span id="jobs-page"></span>'
      + ' <button type="button" id="jobs-next">Next</button></p>');
    el.hidden = true;
    el.querySelector("#csv-jobs").addEventListener("click", download);
    el.querySelector("#jobs-close").addEventListener("click", () => set({ drill: null, drillPage: 0 }));
    el.querySelector("#jobs-prev").addEventListener("click", () => set({ drillPage: Math.max(0, get("drillPage") - 1) }));
    el.querySelector("#jobs-next").addEventListener("click", () => set({ drillPage: get("drillPage") + 1 }));
    return el;
  },
  render,
};
