// At the instant of the run: who had work waiting, how much, and the main reason.

import { fillTable } from "../table.js";
import { $ } from "../text.js";
import { NOT_KNOWN, atRunPanel, nowRows } from "./now-table.js";

function fill(d) {
  const rows = nowRows(d);
  const empty = $("waiting-empty");
  if (!rows) {
    $("waiting").replaceChildren();
    empty.hidden = false;
    empty.textContent = NOT_KNOWN;
    return;
  }
  const waitRows = rows.filter((r) => r.waiting.NJOBS > 0)
    .map((r) => ({ user: r.user, values: Object.assign({ reason: r.reason }, r.waiting) }));
  fillTable($("waiting"), "waiting", [
    { key: "NJOBS", label: "Jobs", digits: 0 }, { key: "NCPUS", label: "CPUs", digits: 0 },
    { key: "NGPUS", label: "GPUs", digits: 0 }, { key: "MEMORY", label: "GB", digits: 1 },
    { key: "reason", label: "Main reason", text: true },
  ], waitRows, []);
  empty.hidden = waitRows.length > 0;
  empty.textContent = "Nothing waits.";
}

export default atRunPanel("waiting", "Waiting now", "Work waiting at the run, per user, with the main reason.",
  '<p id="waiting-empty" class="sub" hidden>Nothing waits.</p>', fill);
