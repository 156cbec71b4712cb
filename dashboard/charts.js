// The four charts: a band per coloured user, the picked users, "others", work waiting and the limit.

import { setRange } from "./app.js";
import { view } from "./data.js";
import { $, LIMIT_COLOR, OBSERVABLES, OTHERS, OTHERS_COLOR, PICKED_COLOR, TITLES, WAIT_CLASSES, WAIT_COLORS, WAIT_LABELS, plotlyText, state } from "./state.js";
import { normalWall, wall } from "./time.js";
import { rangeTotals } from "./tables.js";
import { visibleRange } from "./url.js";

let shownCache = { key: null, colors: {}, order: [] };

/**
 * Who is drawn one by one in the visible range, and in which colour, by the rule of the PNG/PDF
 * charts (org.librarian.output.UserColors) applied to the range: the largest users by CPU-hours of
 * the range (as many as the JSON colours: dashboard.top_users), the JSON's palette handed out in
 * name order. Over the whole window that is the JSON's `colors`. Returns { colors, order } with
 * order largest first.
 */
export function shown(d) {
  const colors = d && d.colors && typeof d.colors === "object" ? d.colors : {};
  const n = Object.keys(colors).length;
  if (!d || !Array.isArray(d.palette) || n === 0) {
    // Data written before the palette was in the JSON: its own colours, whatever the range.
    return { colors, order: d ? d.users.filter((u) => Object.prototype.hasOwnProperty.call(colors, u)) : [] };
  }
  const range = visibleRange(d);
  const key = [d.derived.qos, d.derived.daily, d.derived.updatedMs, range[0], range[1]].join("|");
  if (shownCache.key === key) return shownCache;
  const totals = rangeTotals(d, range);
  const used = (u) => Object.values(totals[u]).some((v) => v > 0);
  const order = d.users.filter(used)
    .sort((a, b) => totals[b].cpu_hours - totals[a].cpu_hours || (a < b ? -1 : a > b ? 1 : 0)).slice(0, n);
  const result = {};
  order.slice().sort().forEach((u, i) => { result[u] = d.palette[i % d.palette.length]; });
  shownCache = { key, colors: result, order };
  return shownCache;
}

/** A user's colour in the visible range (see {@link shown}); grey like "others" for everyone else. */
export function userColor(user) {
  const colors = shown(view()).colors;
  return Object.prototype.hasOwnProperty.call(colors, user) && /^#[0-9a-f]{6}$/i.test(colors[user])
    ? colors[user] : OTHERS_COLOR;
}

/**
 * The bands of a chart, bottom to top: the largest users of the visible range, largest first (see
 * {@link shown}); users chosen in the picker; then one "others" band for everyone else. Tables keep
 * every user.
 */
export function chartBands(d) {
  const named = shown(d).order;
  const drawn = new Set(named);
  const bands = named.map((u) => ({ key: u, label: u, color: userColor(u) }));
  for (const u of state.picked) {
    if (!drawn.has(u) && d.users.includes(u)) {
      drawn.add(u);
      bands.push({ key: u, label: u, color: PICKED_COLOR, picked: true });
    }
  }
  const rest = d.users.filter((u) => !drawn.has(u));
  if (rest.length) {
    bands.push({ key: OTHERS, label: "others (" + rest.length + (rest.length === 1 ? " user)" : " users)"),
      color: OTHERS_COLOR, users: rest });
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

export function colors() {
  const css = getComputedStyle(document.documentElement);
  return { fg: css.getPropertyValue("--fg").trim(), bg: css.getPropertyValue("--panel").trim(),
    grid: css.getPropertyValue("--border").trim() };
}

export function renderChart(o, d, range) {
  const el = $("chart-" + o);
  const c = colors();
  const unit = d.units[o] || "";
  const limit = Number(d.thresholds[o]) || 0;
  // Each bin's average is drawn across its whole bin (a step), the current one up to the run.
  const x = d.derived.x.concat([wall(Math.min(d.derived.endMs, d.derived.updatedMs), d.derived.zone)]);
  const stepped = (s) => s.concat([s[s.length - 1]]);
  const bands = chartBands(d);
  const traces = bands.map((b) => {
    const y = stepped(b.key === OTHERS ? othersSeries(d, o, b) : d.observables[o][b.key]);
    const trace = {
      type: "scatter", mode: "lines", stackgroup: "one", x, y, meta: b.key,
      name: plotlyText(b.label), line: { width: 0.5, color: b.color, shape: "hv" }, fillcolor: b.color,
      hovertemplate: "%{y:,.2f} " + plotlyText(unit),
      visible: state.hidden.has(b.key) ? "legendonly" : true,
    };
    if (b.picked) {
      trace.line = { width: 2, color: "#1a1a1a", shape: "hv" };
      trace.fillpattern = { shape: ".", fgcolor: "#1a1a1a", bgcolor: PICKED_COLOR };
    }
    return trace;
  });
  if (state.showWaiting && d.demand && d.demand.by_reason) {
    for (const cls of WAIT_CLASSES) {
      const series = d.demand.by_reason[cls] && d.demand.by_reason[cls][o];
      if (!Array.isArray(series) || series.length !== d.time_idxs.length || !series.some((v) => v > 0)) continue;
      traces.push({
        type: "scatter", mode: "lines", stackgroup: "one", x, y: stepped(series),
        name: WAIT_LABELS[cls], line: { width: 0.5, color: WAIT_COLORS[cls].replace(/[0-9.]+\)$/, "0.9)"), shape: "hv" },
        fillcolor: WAIT_COLORS[cls], fillpattern: { shape: "/", fgcolor: WAIT_COLORS[cls].replace(/[0-9.]+\)$/, "0.6)") },
        hovertemplate: "%{y:,.2f} " + plotlyText(unit) + " " + WAIT_LABELS[cls], meta: "waiting",
      });
    }
  }
  const qos = plotlyText(d.derived.qos || state.qos);
  const title = TITLES[o] + " — " + qos + (limit > 0 ? " (limit " + limit.toLocaleString("en-US") + " " + plotlyText(unit) + ")" : "");
  const layout = {
    title: { text: title, font: { size: 15 } },
    paper_bgcolor: c.bg, plot_bgcolor: c.bg, font: { color: c.fg },
    margin: { l: 64, r: 16, t: 44, b: 40 },
    xaxis: { type: "date", range: range.slice(), gridcolor: c.grid,
      title: { text: "Time (" + plotlyText(d.derived.zone) + ")", standoff: 6 } },
    yaxis: { title: { text: plotlyText(unit) }, rangemode: "tozero", gridcolor: c.grid, fixedrange: false },
    hovermode: "x unified",
    legend: { orientation: "h", y: -0.22, font: { size: 11 } },
    shapes: [], annotations: [],
  };
  const steps = d.derived.limitSteps && d.derived.limitSteps[o];
  if (steps && steps.some((x) => x > 0)) {
    // The limits as they were: a step on the day a limit changed.
    traces.push({ type: "scatter", mode: "lines", x: d.derived.x.concat([wall(d.derived.endMs, d.derived.zone)]),
      y: steps.concat([steps[steps.length - 1]]), name: "limit", meta: "limit", hoverinfo: "skip",
      line: { color: LIMIT_COLOR, dash: "dash", width: 2, shape: "hv" }, showlegend: false });
  } else if (limit > 0) {
    layout.shapes.push({ type: "line", xref: "paper", x0: 0, x1: 1, y0: limit, y1: limit,
      line: { color: LIMIT_COLOR, dash: "dash", width: 2 } });
    layout.annotations.push({ xref: "paper", x: 1, y: limit, xanchor: "right", yanchor: "bottom", showarrow: false,
      text: "limit " + limit.toLocaleString("en-US") + " " + plotlyText(unit), font: { color: LIMIT_COLOR } });
  }
  if (d.users.length === 0) {
    layout.annotations.push({ xref: "paper", yref: "paper", x: 0.5, y: 0.5, showarrow: false,
      text: "no jobs in this window", font: { size: 16 } });
  }
  Plotly.react(el, traces, layout, { responsive: true, displaylogo: false });
  if (!el.dataset.wired) {
    el.dataset.wired = "1";
    el.on("plotly_legendclick", (ev) => {
      const keys = chartBands(view()).map((b) => b.key);
      if (ev.curveNumber >= keys.length) return true;  // a waiting band or the limit: Plotly hides it itself
      const user = keys[ev.curveNumber];
      if (state.hidden.has(user)) state.hidden.delete(user); else state.hidden.add(user);
      applyHidden();
      return false;
    });
    el.on("plotly_legenddoubleclick", () => false);
    el.on("plotly_relayout", (ev) => onZoom(ev));
  }
}

export function applyHidden() {
  const keys = chartBands(view()).map((b) => b.key);
  const visible = keys.map((k) => (state.hidden.has(k) ? "legendonly" : true));
  state.syncing = true;
  try {
    for (const o of OBSERVABLES) Plotly.restyle($("chart-" + o), { visible }, keys.map((k, i) => i));
  } finally {
    state.syncing = false;
  }
}

export function onZoom(ev) {
  if (state.syncing) return;
  const d = view();
  if (!d) return;
  if (ev["xaxis.autorange"]) {
    state.range = state.daily ? "all" : "30d";
    setRange();
    return;
  }
  let range = null;
  if (ev["xaxis.range[0]"] !== undefined) range = [ev["xaxis.range[0]"], ev["xaxis.range[1]"]];
  else if (Array.isArray(ev["xaxis.range"])) range = ev["xaxis.range"];
  if (!range) return;
  const from = normalWall(range[0]);
  const to = normalWall(range[1]);
  // The charts that setRange() moves report back the range they were given: nothing to do for them.
  const before = visibleRange(d);
  if (from === before[0] && to === before[1]) return;
  state.range = "custom";
  state.from = from;
  state.to = to;
  setRange();
}

