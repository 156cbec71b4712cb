// Loading: manifest.json, data_<qos>.json and history_<qos>.json, checked and turned into what the
// charts and tables draw.

import { sealedJson } from "./sealed.js";
import { get } from "./state.js";
import { HOUR, setZoneNames, wallOf } from "./time.js";

/** The four series of the format, by their JSON keys; titles, units and the rest come from the JSON's "page". */
export const OBSERVABLES = ["NCPUS", "NGPUS", "MEMORY", "NJOBS"];

export async function fetchJson(name, optional) {
  let response;
  try {
    response = await fetch(name, { cache: "no-store" });
  } catch (e) {
    throw new Error(name + " could not be loaded (" + e.message + ")");
  }
  if (!response.ok) {
    if (optional && response.status === 404) return null;
    throw new Error(name + " could not be loaded (HTTP " + response.status + " " + response.statusText + ")");
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(name + " is not valid JSON (" + e.message + ")");
  }
}

/** Checks the shape the page relies on; returns the data with derived arrays, or throws with the reason. */
export function validate(name, d) {
  const fail = (why) => { throw new Error(name + " is malformed: " + why); };
  if (!d || typeof d !== "object") fail("not a JSON object");
  if (!Array.isArray(d.time_idxs) || d.time_idxs.length === 0) fail("'time_idxs' is missing or empty");
  if (!Array.isArray(d.users)) fail("'users' is missing");
  if (!d.observables || typeof d.observables !== "object") fail("'observables' is missing");
  if (!d.page || typeof d.page !== "object" || !Array.isArray(d.page.wait_classes) || !d.page.observables) {
    fail("'page' is missing (the file was written by an older librarian; its next run rewrites it)");
  }
  const n = d.time_idxs.length;
  const ms = d.time_idxs.map((t) => (typeof t === "string" ? Date.parse(t) : NaN));
  if (ms.some(isNaN)) fail("'time_idxs' holds a value that is not a time");
  for (const o of OBSERVABLES) {
    const series = d.observables[o];
    if (!series || typeof series !== "object") fail("'observables." + o + "' is missing");
    for (const u of d.users) {
      const s = series[u];
      if (!Array.isArray(s) || s.length !== n) fail("'observables." + o + "' has no series of " + n + " values for a user");
      if (s.some((v) => typeof v !== "number" || !isFinite(v))) fail("'observables." + o + "' holds a value that is not a number");
    }
  }
  const meta = d.metadata || {};
  const zone = meta.timezone || "UTC";
  setZoneNames(zone, meta.zone_names);
  const step = (meta.time_resolution_seconds || 3600) * 1000;
  const endMs = meta.window_end ? Date.parse(meta.window_end) : ms[n - 1] + step;
  const updatedMs = meta.last_updated ? Date.parse(meta.last_updated) : endMs;
  // Hours each bin covers; the current bin only up to the moment of the run.
  const hours = ms.map((start, i) => {
    const stop = Math.min(i + 1 < n ? ms[i + 1] : endMs, updatedMs);
    return Math.max(0, stop - start) / HOUR;
  });
  // The first bin with any usage: a new group's charts start there, not at the window's start.
  let first = n - 1;
  for (const o of OBSERVABLES) {
    for (const u of d.users) {
      const s = d.observables[o][u];
      for (let i = 0; i < first; i++) if (s[i] > 0) { first = i; break; }
    }
  }
  const firstDataMs = ms[Math.min(first, n - 1)];
  return Object.assign({}, d, {
    thresholds: d.thresholds || {},
    units: d.units || { NCPUS: "CPUs", NGPUS: "GPUs", MEMORY: "GB", NJOBS: "jobs" },
    totals: d.totals || null,
    derived: { ms, hours, x: d.time_idxs.map(wallOf), zone, endMs, updatedMs, qos: meta.qos, firstDataMs },
  });
}

/** Loads data_<qos>.json of the manifest: the changes to the state's data and errors, for set(). */
export async function loadDataset(manifest, qos) {
  const entry = manifest.datasets.find((d) => d.qos === qos);
  const data = Object.assign({}, get("data"));
  const errors = Object.assign({}, get("errors"));
  try {
    // A protected group's data is sealed (sealed.js): opened with the passphrase given on the page.
    data[qos] = entry.protected ? validate(qos, await sealedJson(entry, "data"))
      : validate(entry.data, await fetchJson(entry.data, false));
    delete errors[qos];
  } catch (e) {
    delete data[qos];
    errors[qos] = e.message;
  }
  return { data, errors };
}

/**
 * history_<qos>.json as a data object the charts and tables draw like the hourly one: a bin per
 * local day (its real length: 23 or 25 hours when clocks change, today so far), users missing from
 * an observable read as zeros, the limit as it was on each day.
 */
export function historyData(name, h, hourly) {
  if (!h || !Array.isArray(h.days) || !Array.isArray(h.day_starts) || !Array.isArray(h.hours)
    || !Array.isArray(h.users) || !h.observables) throw new Error(name + " is malformed");
  const n = h.days.length;
  if (n === 0) throw new Error(name + " holds no days yet");
  const zeros = () => new Array(n).fill(0);
  const observables = {};
  for (const o of OBSERVABLES) {
    observables[o] = {};
    for (const u of h.users) {
      const s = h.observables[o] && h.observables[o][u];
      observables[o][u] = Array.isArray(s) && s.length === n ? s : zeros();
    }
  }
  const limits = Array.isArray(h.limits) ? h.limits : [];
  const steps = {};
  const last = limits.length ? limits[limits.length - 1] : {};
  for (const o of OBSERVABLES) {
    steps[o] = h.days.map((day) => {
      let v = 0;
      for (const l of limits) if (l.from <= day) v = Number(l[o]) || 0;
      return v;
    });
  }
  const lastStart = Date.parse(h.day_starts[n - 1]);
  const meta = h.metadata || {};
  const d = {
    metadata: { qos: meta.qos, timezone: meta.timezone, time_resolution_seconds: 86400,
      window_end: new Date(lastStart + h.hours[n - 1] * HOUR).toISOString(), last_updated: meta.last_updated,
      users_hidden: Boolean(hourly && hourly.metadata && hourly.metadata.users_hidden) },
    time_idxs: h.day_starts, users: h.users, observables,
    thresholds: { NCPUS: last.NCPUS || 0, NGPUS: last.NGPUS || 0, MEMORY: last.MEMORY || 0, NJOBS: last.NJOBS || 0 },
    units: (hourly && hourly.units) || { NCPUS: "CPUs", NGPUS: "GPUs", MEMORY: "GB", NJOBS: "jobs" },
    totals: h.totals || null, colors: hourly ? hourly.colors : {}, palette: hourly ? hourly.palette : undefined,
    // The hourly file's hints; its ranked_users are of the 30 days, so the daily view ranks for itself.
    page: hourly && hourly.page ? Object.assign({}, hourly.page, { ranked_users: null }) : undefined,
  };
  const w = h.waiting_at_limit;
  if (w && Array.isArray(w.NCPUS)) {
    d.demand = { by_reason: { qos_limit: { NCPUS: w.NCPUS.map((v) => v || 0),
      NGPUS: (w.NGPUS || zeros()).map((v) => v || 0), MEMORY: zeros(), NJOBS: zeros() } } };
  }
  const v = validate(name, d);
  v.derived.daily = true;
  v.derived.limitSteps = steps;
  v.derived.firstDay = h.days[0];
  return v;
}

/** Loads history_<qos>.json: the state's new history, for set(), with the hourly data in {@code data}. */
export async function loadHistory(qos, data) {
  const name = "history_" + qos + ".json";
  const history = Object.assign({}, get("history"));
  try {
    const entry = ((get("manifest") || {}).datasets || []).find((d) => d.qos === qos);
    const h = entry && entry.protected ? await sealedJson(entry, "history") : await fetchJson(name, true);
    history[qos] = h === null
      ? { error: "No daily history for " + qos + " yet: librarian parse and run write " + name
        + " (from the 30 days they see), and librarian backfill fills it further back." }
      : historyData(name, h, data[qos]);
  } catch (e) {
    history[qos] = { error: e.message };
  }
  return history;
}

/** What the charts and totals show: the daily history when it is asked for and there, else the hourly data. */
export function view() {
  const d = get("data")[get("qos")];
  const h = get("history")[get("qos")];
  return get("daily") && d && h && !h.error ? h : d;
}

