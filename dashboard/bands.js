// Who the charts draw one by one, in which colour, and the range's totals that decide it.

import { OBSERVABLES, view } from "./data.js";
import { get } from "./state.js";
import { DAY, HISTORY_PRESETS, HOUR, PRESETS } from "./time.js";
import { visibleRange } from "./url.js";

/** The key of the "others" band: no user name can be it. */
export const OTHERS = "\u0000others";

/** Users chosen in the picker: a page-only idea, so its colour is the page's. */
export const PICKED_COLOR = "#5a5a5a";

let shownCache = { key: null, colors: {}, order: [], used: new Set() };

/** CPU-, GPU-, GB- and job-hours of the bins that start inside the range, by the JSON's totals keys. */
export function rangeTotals(d, range) {
  const inRange = d.derived.x.map((x) => x >= range[0] && x < range[1]);
  const whole = inRange.every(Boolean);
  const result = {};
  for (const u of d.users) {
    const values = {};
    for (const o of OBSERVABLES) {
      const key = d.page.observables[o].total_key;
      if (whole && d.totals && d.totals[u] && typeof d.totals[u][key] === "number") {
        values[key] = d.totals[u][key];   // exact sums from the collector
      } else {
        let sum = 0;
        const s = d.observables[o][u];
        for (let i = 0; i < s.length; i++) if (inRange[i]) sum += s[i] * d.derived.hours[i];
        values[key] = sum;
      }
    }
    result[u] = values;
  }
  return result;
}

/**
 * Who is drawn one by one in the visible range, and in which colour, by the rule the JSON states
 * (page.top_users users by page.rank_by, ties by name; each user's colour from its home slot in the
 * palette, Java's UserColors). Over the whole hourly window the JSON's page.ranked_users is that ranking already; any
 * other range depends on what the user picks, so it is ranked here by the same stated rule. Returns
 * { colors, order } with order largest first.
 */
export function shown(d) {
  if (!d) return { colors: {}, order: [], used: new Set() };
  const range = visibleRange(d);
  const key = [d.derived.qos, d.derived.daily, d.derived.updatedMs, range[0], range[1]].join("|");
  if (shownCache.key === key) return shownCache;
  const page = d.page;
  const totals = rangeTotals(d, range);
  const used = (u) => Object.values(totals[u]).some((v) => v > 0);
  const whole = d.derived.x.every((x) => x >= range[0] && x < range[1]);
  const by = page.rank_by;
  const ranked = whole && Array.isArray(page.ranked_users) ? page.ranked_users.filter((u) => d.users.includes(u))
    : d.users.slice().sort((a, b) => totals[b][by] - totals[a][by] || (a < b ? -1 : a > b ? 1 : 0));
  // Java's UserColors: the top_users, or all of them when fewer than others_min_users would be left.
  const usedRanked = ranked.filter(used);
  const min = Number.isInteger(page.others_min_users) ? page.others_min_users : 1;
  const order = usedRanked.slice(0, usedRanked.length - page.top_users < min ? usedRanked.length : page.top_users);
  const result = {};
  // The first palette.length of them, in name order, each take their home slot (page.color_slots) or
  // the next free one; a twelfth user shown by name keeps the grey of "others". A user the hourly
  // file does not know (only in the daily history) starts looking at slot 0.
  const slots = (d.page && d.page.color_slots) || {};
  const taken = new Array(d.palette.length).fill(false);
  order.slice(0, d.palette.length).sort().forEach((u) => {
    let i = Number.isInteger(slots[u]) ? slots[u] % d.palette.length : 0;
    for (let n = 0; taken[i] && n < taken.length; n++) i = (i + 1) % taken.length;
    taken[i] = true;
    result[u] = d.palette[i];
  });
  order.slice(d.palette.length).forEach((u) => { result[u] = page.colors.others_band; });
  const inRange = new Set(usedRanked);
  shownCache = { key, colors: result, order, used: inRange };
  return shownCache;
}

/** A user's colour in the visible range (see {@link shown}); the JSON's "others" grey for everyone else. */
export function userColor(user) {
  const d = view();
  const colors = shown(d).colors;
  return Object.prototype.hasOwnProperty.call(colors, user) && /^#[0-9a-f]{6}$/i.test(colors[user])
    ? colors[user] : d.page.colors.others_band;
}

/**
 * The bands of a chart, bottom to top: the largest users of the visible range, largest first (see
 * {@link shown}); users chosen in the picker; then one "others" band (page.others_label) for the
 * other users with usage in the range, when there are at least page.others_min_users of them, else
 * those few by name in its grey. Tables keep every user.
 */
export function chartBands(d) {
  const { order: named, used } = shown(d);
  const drawn = new Set(named);
  const bands = named.map((u) => ({ key: u, label: u, color: userColor(u) }));
  for (const u of get("picked")) {
    if (!drawn.has(u) && d.users.includes(u)) {
      drawn.add(u);
      bands.push({ key: u, label: u, color: PICKED_COLOR, picked: true });
    }
  }
  const rest = d.users.filter((u) => !drawn.has(u) && used.has(u));
  const min = Number.isInteger(d.page.others_min_users) ? d.page.others_min_users : 1;
  if (rest.length >= min) {
    bands.push({ key: OTHERS, label: (d.page.others_label || "others ({n} users)").replace("{n}", String(rest.length)),
      color: d.page.colors.others_band, users: rest });
  } else {
    rest.forEach((u) => bands.push({ key: u, label: u, color: d.page.colors.others_band }));
  }
  return bands;
}

/** The sum of the "others" users' series, per bin. */
export function othersSeries(d, o, band) {
  const sum = new Array(d.time_idxs.length).fill(0);
  for (const u of band.users) {
    const s = d.observables[o][u];
    for (let i = 0; i < sum.length; i++) sum[i] += s[i];
  }
  return sum;
}

/**
 * The total CPUs in use in the period before the visible one, shifted onto the visible x axis: per
 * bin, the total of every user in the bin that held the same moment one period earlier (the period
 * is the preset's length, or the custom range's). null where the data does not reach back that far
 * (absent, not zero); null altogether when it reaches nowhere. Returns { y, label }.
 */
export function previousPeriod(d, range) {
  const span = PRESETS[get("range")] || HISTORY_PRESETS[get("range")]
    || Date.parse(range[1].replace(" ", "T") + "Z") - Date.parse(range[0].replace(" ", "T") + "Z");
  if (!isFinite(span) || span <= 0) return null;
  const ms = d.derived.ms;
  const total = ms.map((_, i) => {
    let sum = 0;
    for (const u of d.users) sum += d.observables.NCPUS[u][i];
    return sum;
  });
  let j = 0;
  const y = ms.map((start, i) => {
    // The middle of the bin, one period earlier: days of 23 or 25 hours still find their day.
    const then = start + d.derived.hours[i] * HOUR / 2 - span;
    if (then < ms[0]) return null;
    while (j + 1 < ms.length && ms[j + 1] <= then) j++;
    while (j > 0 && ms[j] > then) j--;
    return total[j];
  });
  if (y.every((v) => v === null)) return null;
  const days = span / DAY;
  const label = "the " + (Number.isInteger(days) ? days + (days === 1 ? " day" : " days")
    : Math.round(span / HOUR) + " hours") + " before";
  return { y, label };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * The first moments of the months inside the range (wall-clock strings in the data's zone, as the
 * x axis is), each with its label ("Nov 2026"), on the daily presets; none on the others.
 */
export function monthStarts(range) {
  if (!HISTORY_PRESETS[get("range")]) return [];
  let year = Number(range[0].slice(0, 4));
  let month = Number(range[0].slice(5, 7));
  const result = [];
  for (;;) {
    month += 1;
    if (month > 12) { month = 1; year += 1; }
    const at = String(year).padStart(4, "0") + "-" + String(month).padStart(2, "0") + "-01 00:00:00";
    if (at >= range[1]) return result;
    result.push({ at, label: MONTHS[month - 1] + " " + year });
  }
}
