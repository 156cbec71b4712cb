// Who the charts draw one by one, in which colour, and the range's totals that decide it.

import { OBSERVABLES, view } from "./data.js";
import { get } from "./state.js";
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
