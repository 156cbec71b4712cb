// The page's state, in one place: the tab, the range, hidden and picked users, sorting, and what was
// loaded. Read it with get(); change it with set(), which tells every onChange() subscriber which keys
// changed, so they re-render. No other module holds or writes it.

const values = {
  manifest: null,
  status: null,
  data: {},        // qos -> validated data
  errors: {},      // qos -> message
  history: {},     // qos -> the history as a data object, or { error }
  qos: null,
  range: "30d",    // a preset, or "custom" with from/to as "YYYY-MM-DD HH:MM:SS" in the data's zone
  from: null,
  to: null,
  hidden: new Set(),
  picked: [],      // users chosen in the picker, drawn one by one even when they are among "others"
  daily: false,    // whether the charts show the daily history (90d, 1y, all, or a range zoomed from them)
  showWaiting: true,
  dark: false,
  drill: null,     // the job drill-down's {user, name} (name null: all the user's families), or null
  sort: { current: { key: "NCPUS", dir: -1 }, totals: { key: "cpu_hours", dir: -1 },
    efficiency: { key: "idle", dir: -1 }, now: { key: "NCPUS", dir: -1 }, waiting: { key: "NCPUS", dir: -1 },
    families: { key: "held", dir: -1 }, rightsize: { key: "cpus_freed", dir: -1 },
    jobs: { key: "order", dir: 1 } },
};

const subscribers = [];

/** The value of one key. Objects and sets are shared: change them only through set(), with a new value. */
export function get(key) {
  if (!(key in values)) throw new Error("no page state '" + key + "'");
  return values[key];
}

/** Sets several keys at once; subscribers hear once, with the keys whose value changed. */
export function set(changes) {
  const changed = [];
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in values)) throw new Error("no page state '" + key + "'");
    if (values[key] !== value) {
      values[key] = value;
      changed.push(key);
    }
  }
  if (changed.length) for (const fn of subscribers) fn(changed);
}

/** Calls fn(changedKeys) after every set() that changed something. */
export function onChange(fn) {
  subscribers.push(fn);
}

/** A copy of the whole state, for tests and the console. */
export function snapshot() {
  return Object.assign({}, values);
}
