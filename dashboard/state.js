// What every part of the page shares: the names of the four observables, presets, colours, and the
// page's state (tab, range, hidden and picked users), with the helpers to show names and numbers safely.

export const OBSERVABLES = ["NCPUS", "NGPUS", "MEMORY", "NJOBS"];

export const TITLES = { NCPUS: "CPUs in use", NGPUS: "GPUs in use", MEMORY: "Memory in use", NJOBS: "Jobs running" };

export const TOTAL_KEYS = { NCPUS: "cpu_hours", NGPUS: "gpu_hours", MEMORY: "mem_gb_hours", NJOBS: "job_hours" };

export const TOTAL_UNITS = { NCPUS: "CPU-hours", NGPUS: "GPU-hours", MEMORY: "GB-hours", NJOBS: "job-hours" };

export const HOUR = 3600 * 1000;

export const PRESETS = { "6h": 6 * HOUR, "12h": 12 * HOUR, "24h": 24 * HOUR, "3d": 72 * HOUR, "7d": 168 * HOUR,
  "14d": 336 * HOUR, "30d": 720 * HOUR };

// Longer ranges read history_<qos>.json: daily averages kept beyond the 30-day window.
export const DAY = 24 * HOUR;

export const HISTORY_PRESETS = { "90d": 90 * DAY, "1y": 365 * DAY, "all": Infinity };

export const LIMIT_COLOR = "#d62728";

// Work waiting, drawn on top of the usage stack, one band per reason class.
export const WAIT_CLASSES = ["qos_limit", "account_limit", "cluster", "other"];

export const WAIT_LABELS = { qos_limit: "waiting for the QoS limit", account_limit: "waiting for the account limit",
  cluster: "waiting for the cluster", other: "waiting (other reasons)" };

export const WAIT_SHORT = { qos_limit: "QoS limit", account_limit: "account limit", cluster: "cluster", other: "other" };

export const WAIT_COLORS = { qos_limit: "rgba(214,39,40,0.28)", account_limit: "rgba(255,127,14,0.28)",
  cluster: "rgba(127,127,127,0.25)", other: "rgba(31,119,180,0.22)" };

export const OTHERS_COLOR = "rgb(158,158,158)";

export const query = new URLSearchParams(location.search);

export const REFRESH_MS = (Number(query.get("refresh")) > 0 ? Number(query.get("refresh")) : 300) * 1000;

export const state = {
  manifest: null,
  status: null,
  data: {},        // qos -> validated data
  errors: {},      // qos -> message
  qos: null,
  range: "30d",    // a preset, or "custom" with from/to as "YYYY-MM-DD HH:MM:SS" in the data's zone
  from: null,
  to: null,
  hidden: new Set(),
  picked: [],      // users chosen in the picker, drawn one by one even when they are among "others"
  daily: false,    // whether the charts show the daily history (90d, 1y, all, or a range zoomed from them)
  history: {},     // qos -> the history as a data object, or { error }
  showWaiting: true,
  sort: { current: { key: "NCPUS", dir: -1 }, totals: { key: "cpu_hours", dir: -1 },
    efficiency: { key: "idle", dir: -1 }, now: { key: "NCPUS", dir: -1 }, waiting: { key: "NCPUS", dir: -1 } },
  renders: 0,
  syncing: false,  // while the page itself moves the charts, their zoom events are not the user's
};

export const $ = (id) => document.getElementById(id);

/** Escapes a name for Plotly's labels, which would otherwise read <b>, <a>, <br> as markup. */
export function plotlyText(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export const OTHERS = "\u0000others";   // the key of the "others" band: no user name can be it

export const PICKED_COLOR = "#5a5a5a";

export function format(v, digits) {
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

