// The job drill-down: the jobs of one family (a click on its row in Job families or Right-size) or
// of one user (a click on the user's cell), from the group's jobs file (every job that ended in the
// window), loaded only when the drill-down is first opened, once per group and run. Shown as a
// sortable table a page at a time (table.js), with a CSV download of every matching job. Names are
// set as text, never as HTML.

import { saveCsv, tableCsv } from "../csv.js";
import { fetchJson } from "../data.js";
import { sealedJson } from "../sealed.js";
import { get, set } from "../state.js";
import { fillTable, firstPage } from "../table.js";
import { $, element, format } from "../text.js";

function percent(v) {
  return v === null || v === undefined ? null : Math.round(1e6 * v) / 1e4; // a fraction to 4 decimals, in %
}

function minutes(s) {
  return s === null || s === undefined ? null : Math.round(s / 6) / 10; // seconds to minutes, 1 decimal
}

// After the user column that fillTable puts first.
const COLUMNS = [
  { key: "job_id", label: "JobID", text: true },
  { key: "name", label: "Name", text: true },
  { key: "family", label: "Family", text: true },
  { key: "state", label: "State", text: true },
  { key: "wait", label: "Wait (min)", digits: 1 },
  { key: "elapsed", label: "Elapsed (min)", digits: 1 },
  { key: "end", label: "End", text: true },
  { key: "time", label: "Time efficiency (%)", digits: 1 },
  { key: "cpu", label: "CPU efficiency (%)", digits: 1 },
  { key: "memory", label: "Memory efficiency (%)", digits: 1 },
];

/** The fields of the jobs file's rows this panel reads (its "columns" names them). */
const FIELDS = ["job_id", "name", "user", "family", "state", "wait_seconds", "elapsed_seconds", "end",
  "time_efficiency", "cpu_efficiency", "mem_efficiency"];

/** Checks the jobs file's shape; returns it, or throws with the reason. */
export function checkJobs(name, f) {
  const fail = (why) => { throw new Error(name + " is malformed: " + why); };
  if (!f || typeof f !== "object") fail("not a JSON object");
  if (!Array.isArray(f.columns) || !Array.isArray(f.rows)) fail("'columns' or 'rows' is missing");
  const missing = FIELDS.filter((c) => !f.columns.includes(c));
  if (missing.length) fail("'columns' lacks " + missing.join(", "));
  if (f.rows.some((r) => !Array.isArray(r) || r.length !== f.columns.length)) fail("a row does not match 'columns'");
  return f;
}

/**
 * The jobs of the chosen family (or of every family of the chosen user) as table rows, in the file's
 * order (latest first): {user, values}, values.order being that order.
 */
export function jobRows(f, drill) {
  if (!f || !drill) return [];
  const at = Object.fromEntries(f.columns.map((c, i) => [c, i]));
  const rows = [];
  for (const r of f.rows) {
    if (r[at.user] !== drill.user || (drill.name !== null && r[at.family] !== drill.name)) continue;
    rows.push({ user: r[at.user], values: {
      order: rows.length, job_id: r[at.job_id], name: r[at.name], family: r[at.family], state: r[at.state],
      wait: minutes(r[at.wait_seconds]), elapsed: minutes(r[at.elapsed_seconds]), end: r[at.end],
      time: percent(r[at.time_efficiency]), cpu: percent(r[at.cpu_efficiency]), memory: percent(r[at.mem_efficiency]),
    } });
  }
  return rows;
}

/** Every chosen job as CSV (csv.js tableCsv: quotes doubled, formulas made inert). */
export function drillCsv(f, drill) {
  return tableCsv("User", COLUMNS, jobRows(f, drill));
}

// Group and run -> { file } or { error } once loaded, { pending } while loading: one fetch each.
const loaded = new Map();

function cacheKey(d) {
  return get("qos") + "\u0000" + ((d.metadata || {}).last_updated || "");
}

async function loadJobs(qos, d) {
  const name = d.families.jobs_file;
  if (!name) throw new Error("This group's data names no jobs file yet: the next run of librarian writes one.");
  const entry = ((get("manifest") || {}).datasets || []).find((x) => x.qos === qos);
  // A protected group's jobs are sealed with its other files (sealed.js).
  const f = entry && entry.protected ? await sealedJson(entry, "jobs") : await fetchJson(name, true);
  if (f === null) throw new Error(name + " is not there: the next run of librarian writes it.");
  return checkJobs(name, f);
}

function ensureLoaded(d) {
  const key = cacheKey(d);
  if (loaded.has(key)) return loaded.get(key);
  const state = { pending: true };
  loaded.set(key, state);
  loadJobs(get("qos"), d)
    .then((f) => { loaded.set(key, { file: f }); })
    .catch((e) => { loaded.set(key, { error: e.message }); })
    .then(() => { if (shown && cacheKey(shown) === key) render(shown); });
  return state;
}

/** Opens the drill-down on a row of a table whose first cell is the user and second the family. */
export function openFrom(event) {
  const td = event.target.closest("tbody td");
  if (!td) return;
  const tr = td.parentElement;
  const user = tr.children[0].textContent;
  const name = td === tr.children[0] ? null : tr.children[1].textContent;
  firstPage("jobs");
  set({ drill: { user, name } });
  $("jobs").scrollIntoView();
}

let shown = null;

function download() {
  const got = loaded.get(cacheKey(shown));
  if (!got || !got.file) return;
  saveCsv((shown.metadata.qos || "qos") + "_jobs.csv", drillCsv(got.file, get("drill")));
}

function render(d) {
  shown = d;
  const drill = get("drill");
  const section = $("jobs");
  section.hidden = !drill || !d || !d.families;
  if (section.hidden) return;
  $("jobs-title").textContent = drill.name === null
    ? "Jobs of " + drill.user : "Jobs of " + drill.user + "'s family " + drill.name;
  const got = ensureLoaded(d);
  const table = $("jobs-table");
  const message = $("jobs-message");
  $("csv-jobs").disabled = !got.file;
  if (!got.file) {
    $("jobs-sentence").textContent = "";
    $("jobs-count").textContent = "";
    // Loading, or a message instead of an empty table: a missing or broken file says why.
    message.hidden = false;
    message.className = got.error ? "error" : "";
    message.textContent = got.error || "Loading the jobs…";
    table.hidden = true;
    const pager = section.querySelector('.pager[data-for="jobs"]');
    if (pager) pager.remove();
    return;
  }
  message.hidden = true;
  table.hidden = false;
  $("jobs-sentence").textContent = got.file.sentence || "";
  const rows = jobRows(got.file, drill);
  fillTable(table, "jobs", COLUMNS, rows, []);
  $("jobs-count").textContent = rows.length === 0 ? "No jobs of this choice ended in the window."
    : rows.length === 1 ? "1 job." : format(rows.length, 0) + " jobs.";
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
      + ' <button type="button" id="jobs-close">Close</button> <span id="jobs-count"></span></p>'
      + '<p id="jobs-message" role="status"></p>'
      + '<table id="jobs-table" class="usage" data-noun="Jobs"><caption>The jobs of the family or user chosen in Job families or Right-size'
      + " (a click on a family's row, or on a user), latest first; a click on a column's name sorts by it."
      + " Wait: Start − Eligible; time efficiency: elapsed ÷ time limit.</caption></table>");
    el.hidden = true;
    el.querySelector("#csv-jobs").addEventListener("click", download);
    el.querySelector("#jobs-close").addEventListener("click", () => set({ drill: null }));
    return el;
  },
  render,
};
