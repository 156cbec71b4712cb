// The current hour: each user's average so far against the limit.

import { OBSERVABLES } from "../data.js";
import { fillTable, limitRows } from "../table.js";
import { $, element } from "../text.js";
import { shownTime } from "../time.js";

function render(d) {
  const last = d.time_idxs.length - 1;
  const labels = { NCPUS: "CPUs", NGPUS: "GPUs", MEMORY: "Memory (GB)", NJOBS: "Jobs" };
  const columns = OBSERVABLES.map((o) => ({ key: o, label: labels[o], digits: 2 }));
  const rows = [];
  const total = {};
  OBSERVABLES.forEach((o) => { total[o] = 0; });
  for (const u of d.users) {
    const values = {};
    OBSERVABLES.forEach((o) => { values[o] = d.observables[o][u][last]; total[o] += values[o]; });
    if (OBSERVABLES.some((o) => values[o] > 0)) rows.push({ user: u, values });
  }
  const { limits, share } = limitRows(d, total);
  fillTable($("current"), "current", columns, rows, [
    { className: "total", label: "Total", values: total },
    { className: "limit", label: "QoS limit", values: limits },
    { className: "limit", label: "Share of limit (%)", values: share },
  ]);
  const start = d.derived.ms[last];
  $("current-when").textContent = "average over the hour from " + shownTime(start, d.derived.zone)
    + (d.derived.updatedMs < d.derived.endMs ? " (so far)" : "");
}

export default {
  id: "current",
  title: "Current hour, average so far",
  slot: "tables",
  // The hourly data's last hour, so it reads the hourly file even when the charts show days.
  hourly: true,
  mount: () => element("section", {}, '<h2>Current hour, average so far <span id="current-when" class="sub"></span></h2>'
    + '<table id="current" class="usage"><caption>Each user\'s use in the current hour so far, against the QoS limit.</caption></table>'),
  render,
};
