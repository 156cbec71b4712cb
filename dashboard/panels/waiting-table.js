// At the instant of the run: who had work waiting, how much, and the main reason.

import { fillTable } from "../table.js";
import { $, element } from "../text.js";
import { shownTime } from "../time.js";
import { NOT_KNOWN, nowRows } from "./now-table.js";

function render(d) {
  const rows = nowRows(d);
  $("waiting-when").textContent = d.now ? "at " + shownTime(Date.parse(d.now.at), d.derived.zone) : "";
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

export default {
  id: "waiting",
  title: "Waiting now",
  hourly: true,  // what the run saw, whichever range the charts show
  slot: "tables",
  mount: () => element("section", {}, '<h2>Waiting now <span id="waiting-when" class="sub"></span></h2>'
    + '<table id="waiting" class="usage"><caption>Work waiting at the run, per user, with the main reason.</caption></table><p id="waiting-empty" class="sub" hidden>Nothing waits.</p>'),
  render,
};
