// One sentence from the visible range: CPU-hours waited for the QoS limit, and the most CPUs in use
// or waiting for it at once (hourly or daily averages).

import { $, element, format } from "../text.js";
import { zoneAbbreviation } from "../time.js";

function render(d, range) {
  const el = $("demand-headline");
  const series = d.demand && d.demand.by_reason && d.demand.by_reason.qos_limit && d.demand.by_reason.qos_limit.NCPUS;
  if (!d.demand) {
    el.textContent = "";
    return;
  }
  let waited = 0;
  let peak = 0;
  for (let i = 0; i < d.time_idxs.length; i++) {
    if (d.derived.x[i] < range[0] || d.derived.x[i] >= range[1]) continue;
    const w = series ? series[i] : 0;
    waited += w * d.derived.hours[i];
    let used = 0;
    for (const u of d.users) used += d.observables.NCPUS[u][i];
    peak = Math.max(peak, used + w);
  }
  const limit = Number(d.thresholds.NCPUS) || 0;
  const span = range[0].slice(0, 16) + " to " + range[1].slice(0, 16) + " ("
    + zoneAbbreviation(d.derived.updatedMs, d.derived.zone) + ")";
  el.textContent = "From " + span + ": jobs waited " + format(waited, 0) + " CPU-hours for the QoS limit"
    + (limit > 0 ? " (" + format(limit, 0) + " CPUs)" : "") + "; at most " + format(peak, 0)
    + " CPUs were in use or waiting for it at once (" + (d.derived.daily ? "daily" : "hourly") + " average).";
}

export default {
  id: "demand-headline",
  title: "Work waiting for the QoS limit",
  slot: "before-tables",
  mount: () => element("p", { id: "demand-headline", class: "headline" }),
  render,
  move: render,
};
