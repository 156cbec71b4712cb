// CSV downloads of what is shown: the per-user series of the visible range, or its totals.

import { rangeTotals } from "./bands.js";
import { OBSERVABLES, view } from "./data.js";
import { get } from "./state.js";
import { visibleRange } from "./url.js";

/** A CSV field: quoted when needed; a leading =, +, - or @ made inert for spreadsheets. */
export function csvField(v) {
  let s = String(v);
  if (/^[=+\-@]/.test(s) && typeof v !== "number") s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** "series": every user's value per bin of the visible range; "totals": the range's totals per user. */
export function csv(kind) {
  const d = view();
  const range = visibleRange(d);
  const zone = d.derived.zone;
  const lines = [];
  if (kind === "series") {
    lines.push(["start (" + zone + ")", "hours", "user", "CPUs", "GPUs", "memory (GB)", "jobs"].map(csvField).join(","));
    for (let i = 0; i < d.time_idxs.length; i++) {
      if (d.derived.x[i] < range[0] || d.derived.x[i] >= range[1]) continue;
      for (const u of d.users) {
        const values = OBSERVABLES.map((o) => d.observables[o][u][i]);
        if (values.some((x) => x > 0)) {
          lines.push([d.time_idxs[i], d.derived.hours[i], u].concat(values).map(csvField).join(","));
        }
      }
    }
  } else {
    const totals = rangeTotals(d, range);
    lines.push(["user"].concat(OBSERVABLES.map((o) => d.page.observables[o].total_unit))
      .concat(["from (" + zone + ")", "to (" + zone + ")"]).map(csvField).join(","));
    for (const u of d.users) {
      const values = OBSERVABLES.map((o) => Math.round(totals[u][d.page.observables[o].total_key] * 1000) / 1000);
      if (values.some((x) => x > 0)) lines.push([u].concat(values).concat(range).map(csvField).join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

/**
 * A table's rows as CSV: a header of {@code first} and the columns' labels, then per row its user and
 * its values (null as empty), every field through csvField.
 */
export function tableCsv(first, columns, rows) {
  const lines = [[first].concat(columns.map((c) => c.label)).map(csvField).join(",")];
  for (const r of rows) {
    lines.push([r.user].concat(columns.map((c) => r.values[c.key] === null ? "" : r.values[c.key]))
      .map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** Hands {@code text} to the browser as a download named {@code name}. */
export function saveCsv(name, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

export function download(kind) {
  const d = view();
  const range = visibleRange(d);
  const name = (d.derived.qos || get("qos")) + "_" + range[0].slice(0, 16).replace(/[ :]/g, "-") + "_"
    + range[1].slice(0, 16).replace(/[ :]/g, "-") + "_" + kind + ".csv";
  saveCsv(name, csv(kind));
}
