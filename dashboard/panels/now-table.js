// At the instant of the run: what each user had in use against the limit, and what waited and why.

import { fillTable, limitRows } from "../table.js";
import { $, element } from "../text.js";
import { shownTime } from "../time.js";

/**
 * Per user at the run: in use, waiting (all classes summed) and the main reason, as the JSON states
 * it (one reason per user, the same in every table: see docs/counting.md); null without "now".
 */
export function nowRows(d) {
  if (!d.now || !d.now.users) return null;
  return Object.entries(d.now.users).map(([user, u]) => {
    const waiting = { NCPUS: 0, NGPUS: 0, MEMORY: 0, NJOBS: 0 };
    for (const cls of Object.keys(u.waiting || {})) {
      for (const o of Object.keys(waiting)) waiting[o] += u.waiting[cls][o];
    }
    return { user, inUse: u.in_use, waiting, reason: typeof u.reason === "string" ? u.reason : "" };
  });
}

/**
 * A table panel of what the run saw, whichever range the charts show: a heading with the run's time,
 * the table and, under it, the HTML of {@code after}; fill(d) fills the table and what is under it.
 */
export function atRunPanel(id, title, caption, after, fill) {
  return {
    id,
    title,
    hourly: true,
    slot: "tables",
    mount: () => element("section", {}, "<h2>" + title + ' <span id="' + id + '-when" class="sub"></span></h2>'
      + '<table id="' + id + '" class="usage"><caption>' + caption + "</caption></table>" + after),
    render: (d) => {
      $(id + "-when").textContent = d.now ? "at " + shownTime(Date.parse(d.now.at), d.derived.zone) : "";
      fill(d);
    },
  };
}

function fill(d) {
  const rows = nowRows(d);
  const note = $("now-note");
  if (!rows) {
    // A heading with nothing under it says nothing: say why there is no "now".
    $("now").replaceChildren(...[$("now").querySelector(":scope > caption")].filter(Boolean));
    $("now").hidden = true;
    note.textContent = NOT_KNOWN;
    note.hidden = false;
    return;
  }
  $("now").hidden = false;
  note.textContent = (rows.length ? "" : "Nothing was running or waiting at the run. ")
    + (d.now.at_limit ? "At its limit at the run. " : "")
    + (d.now.reason ? "Main reason work waits: " + d.now.reason + "." : "");
  note.hidden = false;
  const total = { NCPUS: 0, NGPUS: 0, MEMORY: 0, NJOBS: 0, waitCpus: 0, waitJobs: 0 };
  const shown = rows.map((r) => {
    const values = { NCPUS: r.inUse.NCPUS, NGPUS: r.inUse.NGPUS, MEMORY: r.inUse.MEMORY, NJOBS: r.inUse.NJOBS,
      waitCpus: r.waiting.NCPUS, waitJobs: r.waiting.NJOBS, reason: r.reason };
    Object.keys(total).forEach((k) => { total[k] += values[k]; });
    return { user: r.user, values };
  });
  const { limits, share } = limitRows(d, total);
  fillTable($("now"), "now", [
    { key: "NCPUS", label: "CPUs in use", digits: 0 }, { key: "NGPUS", label: "GPUs in use", digits: 0 },
    { key: "MEMORY", label: "GB in use", digits: 1 }, { key: "NJOBS", label: "Jobs running", digits: 0 },
    { key: "waitCpus", label: "CPUs waiting", digits: 0 }, { key: "waitJobs", label: "Jobs waiting", digits: 0 },
    { key: "reason", label: "Main reason", text: true },
  ], shown, [
    { className: "total", label: "Total", values: total },
    { className: "limit", label: "QoS limit", values: limits },
    { className: "limit", label: "In use, share of limit (%)", values: share },
  ]);
}

/** What the page says where the data has no "now": the input did not say when jobs could start. */
export const NOT_KNOWN = "Not known: the accounting read has no Eligible column, so what was running and"
  + " waiting at the run, and why, cannot be told.";

export default atRunPanel("now", "Now", "What each user had in use and waiting at the run, against the QoS limit.",
  '<p id="now-note" class="sub" hidden></p>', fill);
