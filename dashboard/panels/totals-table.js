// The visible range's totals per user, with the whole window's waits; and its CSV downloads.

import { rangeTotals } from "../bands.js";
import { download } from "../csv.js";
import { OBSERVABLES } from "../data.js";
import { fillTable } from "../table.js";
import { $, element } from "../text.js";
import { zoneAbbreviation } from "../time.js";

function render(d, range) {
  const totals = rangeTotals(d, range);
  const key = (o) => d.page.observables[o].total_key;
  const columns = OBSERVABLES.map((o) => ({ key: key(o), label: d.page.observables[o].total_unit, digits: 1 }))
    .concat([{ key: "share", label: "Share of CPU-hours (%)", digits: 1 }]);
  const sum = {};
  columns.forEach((c) => { sum[c.key] = 0; });
  const rows = [];
  for (const u of d.users) {
    const values = totals[u];
    if (!OBSERVABLES.some((o) => values[key(o)] > 0)) continue;
    OBSERVABLES.forEach((o) => { sum[key(o)] += values[key(o)]; });
    rows.push({ user: u, values });
  }
  const cpu = key("NCPUS");
  rows.forEach((r) => { r.values.share = sum[cpu] > 0 ? 100 * r.values[cpu] / sum[cpu] : 0; });
  sum.share = rows.length ? 100 : 0;
  if (d.demand && !d.derived.daily) {
    // Whole-window figures of the JSON: how long each user waited, and for how many CPU-hours at the QoS limit.
    const waited = d.demand_qos_limit_cpu_hours || {};
    const wait = d.wait || {};
    const seen = new Set(rows.map((r) => r.user));
    for (const u of Object.keys(waited).concat(Object.keys(wait))) {
      if (!seen.has(u)) {
        seen.add(u);
        const values = { share: 0 };
        OBSERVABLES.forEach((o) => { values[key(o)] = 0; });
        rows.push({ user: u, values });
      }
    }
    sum.waited = 0;
    rows.forEach((r) => {
      r.values.waited = waited[r.user] || 0;
      r.values.p50 = wait[r.user] ? wait[r.user].p50_s / 60 : null;
      r.values.p90 = wait[r.user] ? wait[r.user].p90_s / 60 : null;
      sum.waited += r.values.waited;
    });
    columns.push({ key: "waited", label: "CPU-hours waited for the QoS limit (window)", digits: 1 },
      { key: "p50", label: "Median wait (min)", digits: 1 }, { key: "p90", label: "p90 wait (min)", digits: 1 });
  }
  fillTable($("totals"), "totals", columns, rows, [{ className: "total", label: "Total", values: sum }]);
  $("total-when").textContent = "from " + range[0].slice(0, 16) + " to " + range[1].slice(0, 16) + " ("
    + zoneAbbreviation(d.derived.updatedMs, d.derived.zone) + ")";
}

export default {
  id: "totals",
  title: "Total usage",
  slot: "tables",
  mount: () => {
    const el = element("section", {}, '<h2>Total usage <span id="total-when" class="sub"></span></h2>'
      + '<p class="csv">Download what is shown as CSV:\n          <button type="button" id="csv-series">per-user series</button>\n'
      + '          <button type="button" id="csv-totals">totals</button></p><table id="totals" class="usage"><caption>Usage per user over the range shown, with the waits of the whole window.</caption></table>');
    el.querySelector("#csv-series").addEventListener("click", () => download("series"));
    el.querySelector("#csv-totals").addEventListener("click", () => download("totals"));
    return el;
  },
  render,
  move: render,
};
