// A usage chart of one observable: a band per coloured user, the picked users, "others", work waiting
// and the limit. Titles, wait classes, labels and colours come from the JSON's "page". The charts
// share one legend (chart-legend.js); the hover of a bin lists the users with usage in it, the work
// waiting, the total and its share of the limit.

import { OTHERS, chartBands, monthStarts, othersSeries, previousPeriod } from "../bands.js";
import { themeColors } from "../chart.js";
import { view } from "../data.js";
import { get, set } from "../state.js";
import { $, element, format, plotlyText } from "../text.js";
import { normalWall, wall } from "../time.js";
import { visibleRange } from "../url.js";

// While the page itself moves or restyles the charts, their zoom events are not the user's.
let syncing = false;

/**
 * The chart's shapes and notes for the range: the limit line where it never changed, "no jobs"
 * for an empty window, and on the daily presets a thin line at each month's start (in the data's
 * zone, as the axis is), labelled with the month.
 */
function decorations(o, d, range) {
  const c = themeColors();
  const unit = d.units[o] || "";
  const limit = Number(d.thresholds[o]) || 0;
  const limitColor = d.page.colors.limit;
  const steps = d.derived.limitSteps && d.derived.limitSteps[o];
  const shapes = [];
  const annotations = [];
  if (!(steps && steps.some((v) => v > 0)) && limit > 0) {
    shapes.push({ type: "line", xref: "paper", x0: 0, x1: 1, y0: limit, y1: limit,
      line: { color: limitColor, dash: "dash", width: 2 } });
    annotations.push({ xref: "paper", x: 1, y: limit, xanchor: "right", yanchor: "bottom", showarrow: false,
      text: "limit " + limit.toLocaleString("en-US") + " " + plotlyText(unit), font: { color: limitColor } });
  }
  if (d.users.length === 0) {
    annotations.push({ xref: "paper", yref: "paper", x: 0.5, y: 0.5, showarrow: false,
      text: "no jobs in this window", font: { size: 16 } });
  }
  for (const m of monthStarts(range)) {
    shapes.push({ type: "line", xref: "x", yref: "paper", x0: m.at, x1: m.at, y0: 0, y1: 1, name: "month",
      layer: "below", line: { color: c.fg, width: 1 }, opacity: 0.35 });
    annotations.push({ xref: "x", yref: "paper", x: m.at, y: 1, xanchor: "left", yanchor: "top", showarrow: false,
      text: m.label, name: "month", font: { size: 10, color: c.fg }, opacity: 0.75 });
  }
  return { shapes, annotations };
}

/** Whether the JSON asks for this chart (page.charts: no GPU chart without a GPU limit or GPU job). */
function charted(o, d) {
  return !Array.isArray(d.page.charts) || d.page.charts.includes(o);
}

function draw(o, d, range) {
  const el = $("chart-" + o);
  el.hidden = !charted(o, d);
  // The small multiples fill the row whether two or three of them are drawn.
  $("charts").dataset.small = String(Array.isArray(d.page.charts) ? d.page.charts.length - 1 : 3);
  if (el.hidden) return;
  const c = themeColors();
  const unit = d.units[o] || "";
  const limit = Number(d.thresholds[o]) || 0;
  const limitColor = d.page.colors.limit;
  // Each bin's average is drawn across its whole bin (a step), the current one up to the run.
  const x = d.derived.x.concat([wall(Math.min(d.derived.endMs, d.derived.updatedMs), d.derived.zone)]);
  const stepped = (s) => s.concat([s[s.length - 1]]);
  const hidden = get("hidden");
  const traces = chartBands(d).map((b) => {
    const y = stepped(b.key === OTHERS ? othersSeries(d, o, b) : d.observables[o][b.key]);
    const trace = {
      type: "scatter", mode: "lines", stackgroup: "one", x, y, meta: b.key,
      name: plotlyText(b.label), line: { width: 0.5, color: b.color, shape: "hv" }, fillcolor: b.color,
      hoverinfo: "skip", showlegend: false,
      visible: hidden.has(b.key) ? "legendonly" : true,
    };
    if (b.picked) {
      trace.line = { width: 2, color: "#1a1a1a", shape: "hv" };
      trace.fillpattern = { shape: ".", fgcolor: "#1a1a1a", bgcolor: b.color };
    }
    return trace;
  });
  // Work waiting stacks in its own strip above the usage (its own axis), so it never sets the usage scale.
  let waiting = false;
  if (get("showWaiting") && d.demand && d.demand.by_reason) {
    for (const cls of d.page.wait_classes) {
      const series = d.demand.by_reason[cls.key] && d.demand.by_reason[cls.key][o];
      if (!Array.isArray(series) || series.length !== d.time_idxs.length || !series.some((v) => v > 0)) continue;
      waiting = true;
      traces.push({
        type: "scatter", mode: "lines", stackgroup: "waiting", yaxis: "y2", x, y: stepped(series),
        name: plotlyText(cls.label), line: { width: 0.5, color: cls.color.replace(/[0-9.]+\)$/, "0.9)"), shape: "hv" },
        fillcolor: cls.color, fillpattern: { shape: "/", fgcolor: cls.color.replace(/[0-9.]+\)$/, "0.6)") },
        hoverinfo: "skip", showlegend: false, meta: "waiting",
      });
    }
  }
  // The period before, shifted onto this axis: a faint line on the CPU chart where the data reaches.
  const prev = o === "NCPUS" ? previousPeriod(d, range) : null;
  if (prev) {
    traces.push({ type: "scatter", mode: "lines", x, y: stepped(prev.y), meta: "previous",
      name: "previous period (" + prev.label + ")", hoverinfo: "skip", showlegend: false, connectgaps: false,
      opacity: 0.6, line: { color: c.fg, width: 1.5, dash: "dot", shape: "hv" } });
  }
  traces.push(hoverTrace(o, d, x, prev));
  // A plot area of at least 240 px (the large CPU chart 300 px) at any width; the legend is the page's.
  const narrow = (el.clientWidth || 600) < 600;
  const plot = o === "NCPUS" ? 300 : 240;
  const qos = plotlyText(d.derived.qos || get("qos"));
  const title = plotlyText(d.page.observables[o].title) + " — " + qos
    + (limit > 0 ? " (limit " + limit.toLocaleString("en-US") + " " + plotlyText(unit) + ")" : "");
  const layout = {
    title: { text: title, font: { size: narrow ? 13 : 15 }, x: 0.01, xanchor: "left" },
    paper_bgcolor: c.bg, plot_bgcolor: c.bg, font: { color: c.fg },
    height: 44 + plot + 56,
    margin: { l: 64, r: 16, t: 44, b: 56 },
    showlegend: false,
    xaxis: { type: "date", range: range.slice(), gridcolor: c.grid,
      title: { text: "Time (" + plotlyText(d.derived.zone) + ")", standoff: 6 } },
    yaxis: { title: { text: plotlyText(unit) }, rangemode: "tozero", gridcolor: c.grid, fixedrange: false,
      domain: waiting ? [0, 0.74] : [0, 1] },
    hovermode: "x unified",
    hoverlabel: { align: "left" },
    shapes: [], annotations: [],
  };
  const steps = d.derived.limitSteps && d.derived.limitSteps[o];
  if (steps && steps.some((v) => v > 0)) {
    // The limits as they were: a step on the day a limit changed.
    traces.push({ type: "scatter", mode: "lines", x: d.derived.x.concat([wall(d.derived.endMs, d.derived.zone)]),
      y: steps.concat([steps[steps.length - 1]]), name: "limit", meta: "limit", hoverinfo: "skip",
      line: { color: limitColor, dash: "dash", width: 2, shape: "hv" }, showlegend: false });
  }
  Object.assign(layout, decorations(o, d, range));
  if (waiting) {
    layout.yaxis2 = { domain: [0.8, 1], rangemode: "tozero", gridcolor: c.grid, fixedrange: false,
      title: { text: "waiting", font: { size: 11 } }, tickfont: { size: 10 } };
  }
  for (const [axis, keys] of Object.entries(nested(yRanges(o, d, range, layout.yaxis2 !== undefined)))) {
    Object.assign(layout[axis], keys);
  }
  // A text alternative: what the chart shows and over which range; the CPU chart is described by the
  // run's sentence of the period above it.
  describe(el, o, d, range);
  // The toolbar shows only while a mouse is over the chart; on a touch screen (no hover) there is none:
  // Plotly would show it all the time, over the title. Dragging still zooms, a double tap resets.
  const hover = window.matchMedia && window.matchMedia("(hover: hover)").matches;
  Plotly.react(el, traces, layout, { responsive: true, displaylogo: false, displayModeBar: hover ? "hover" : false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d"] });
  // The toolbar is for the mouse: keyboard users reach the tables without passing its buttons.
  el.querySelectorAll(".modebar-btn").forEach((b) => b.setAttribute("tabindex", "-1"));
  if (!el.dataset.wired) {
    el.dataset.wired = "1";
    el.on("plotly_relayout", (ev) => onZoom(ev));
  }
}

// Whole numbers without decimals (4 CPUs), else one (2.5 GB).
const amount = (v) => format(v, Math.abs(v - Math.round(v)) < 0.05 ? 0 : 1);

/**
 * One see-through line along the top of the stack that alone answers the hover: per bin the work
 * waiting and the users shown with usage in it (top of the stack first; zeros left out), then the
 * total of every user and its share of the limit of that bin, e.g. "total 312 CPUs, 73 % of the
 * 430-CPU limit".
 */
function hoverTrace(o, d, x, prev) {
  const hidden = get("hidden");
  const unit = d.units[o] || "";
  const one = d.page.observables[o].unit_one || unit;
  const steps = d.derived.limitSteps && d.derived.limitSteps[o];
  const limit = Number(d.thresholds[o]) || 0;
  const bands = chartBands(d).slice().reverse();
  const series = bands.map((b) => (b.key === OTHERS ? othersSeries(d, o, b) : d.observables[o][b.key]));
  const waits = [];
  if (get("showWaiting") && d.demand && d.demand.by_reason) {
    for (const cls of d.page.wait_classes) {
      const w = d.demand.by_reason[cls.key] && d.demand.by_reason[cls.key][o];
      if (Array.isArray(w) && w.length === d.time_idxs.length) waits.push({ label: cls.label, w });
    }
  }
  const total = [];
  const text = [];
  for (let i = 0; i < d.time_idxs.length; i++) {
    const lines = [];
    for (const { label, w } of waits) if (w[i] > 0) lines.push(plotlyText(label) + ": " + amount(w[i]) + " " + plotlyText(unit));
    let sum = 0;
    for (const u of d.users) sum += d.observables[o][u][i];
    bands.forEach((b, k) => {
      const v = series[k][i];
      if (v > 0 && !hidden.has(b.key)) lines.push(plotlyText(b.label) + ": " + amount(v) + " " + plotlyText(unit));
    });
    const cap = steps ? steps[i] : limit;
    if (prev && prev.y[i] !== null) {
      lines.push("previous period (" + prev.label + "): " + amount(prev.y[i]) + " " + plotlyText(unit));
    }
    lines.push("<b>total " + amount(sum) + " " + plotlyText(unit) + (cap > 0 ? ", " + format(100 * sum / cap, 0)
      + " % of the " + format(cap, 0) + "-" + plotlyText(one) + " limit" : "") + "</b>");
    total.push(sum);
    text.push(lines.join("<br>"));
  }
  const stepped = (s) => s.concat([s[s.length - 1]]);
  return { type: "scatter", mode: "lines", x, y: stepped(total), customdata: stepped(text), meta: "hover",
    name: "total", showlegend: false, hovertemplate: "%{customdata}<extra></extra>",
    line: { width: 0, color: "rgba(0,0,0,0)", shape: "hv" } };
}

/** The chart's text alternative: what it shows, over which range, against which limit. */
function describe(el, o, d, range) {
  const limit = Number(d.thresholds[o]) || 0;
  el.setAttribute("role", "figure");
  el.setAttribute("aria-label", d.page.observables[o].title + " of " + (d.derived.qos || get("qos"))
    + ", stacked per user, from " + range[0].slice(0, 16) + " to " + range[1].slice(0, 16) + " (" + d.derived.zone + ")"
    + (limit > 0 ? ", against the limit of " + limit.toLocaleString("en-US") + " " + (d.units[o] || "") : "")
    + "; the numbers are in the tables below.");
  if (o === "NCPUS") el.setAttribute("aria-describedby", "summary");
}

/**
 * The y ranges that fit the visible range: usage of the users shown (stacked) and the limit decide
 * the usage axis; the waiting strip has its own. Returned as layout keys ("yaxis.range", …) for
 * relayout, or merged into a new layout by draw().
 */
function yRanges(o, d, range, withWaiting) {
  const hidden = get("hidden");
  const inRange = d.derived.x.map((x, i) => {
    const end = i + 1 < d.derived.x.length ? d.derived.x[i + 1] : "\uffff";
    return end > range[0] && x < range[1];
  });
  const used = new Array(d.time_idxs.length).fill(0);
  for (const b of chartBands(d)) {
    if (hidden.has(b.key)) continue;
    for (const u of b.key === OTHERS ? b.users : [b.key]) {
      const s = d.observables[o][u];
      for (let i = 0; i < used.length; i++) used[i] += s[i];
    }
  }
  let top = 0;
  for (let i = 0; i < used.length; i++) if (inRange[i]) top = Math.max(top, used[i]);
  const steps = d.derived.limitSteps && d.derived.limitSteps[o];
  if (steps) {
    for (let i = 0; i < steps.length; i++) if (inRange[i]) top = Math.max(top, steps[i]);
  } else {
    top = Math.max(top, Number(d.thresholds[o]) || 0);
  }
  const prev = o === "NCPUS" ? previousPeriod(d, range) : null;
  if (prev) for (let i = 0; i < prev.y.length; i++) if (inRange[i] && prev.y[i] !== null) top = Math.max(top, prev.y[i]);
  const result = { "yaxis.range": [0, top > 0 ? top * 1.08 : 1], "yaxis.autorange": false };
  if (withWaiting) {
    const w = new Array(d.time_idxs.length).fill(0);
    for (const cls of d.page.wait_classes) {
      const s = d.demand.by_reason[cls.key] && d.demand.by_reason[cls.key][o];
      if (Array.isArray(s)) for (let i = 0; i < w.length; i++) w[i] += s[i] || 0;
    }
    let wTop = 0;
    for (let i = 0; i < w.length; i++) if (inRange[i]) wTop = Math.max(wTop, w[i]);
    result["yaxis2.range"] = [0, wTop > 0 ? wTop * 1.1 : 1];
    result["yaxis2.autorange"] = false;
  }
  return result;
}

/** The ranges of yRanges() as nested layout keys, for a new layout. */
function nested(flat) {
  const out = {};
  for (const [k, v] of Object.entries(flat)) {
    const [axis, key] = k.split(".");
    out[axis] = Object.assign(out[axis] || {}, { [key]: v });
  }
  return out;
}

function onZoom(ev) {
  if (syncing) return;
  const d = view();
  if (!d) return;
  if (ev["xaxis.autorange"]) {
    set({ range: get("daily") ? "all" : "30d" });
    return;
  }
  let range = null;
  if (ev["xaxis.range[0]"] !== undefined) range = [ev["xaxis.range[0]"], ev["xaxis.range[1]"]];
  else if (Array.isArray(ev["xaxis.range"])) range = ev["xaxis.range"];
  if (!range) return;
  const from = normalWall(range[0]);
  const to = normalWall(range[1]);
  // The charts the page moves report back the range they were given: nothing to do for them.
  const before = visibleRange(d);
  if (from === before[0] && to === before[1]) return;
  set({ range: "custom", from, to });
}

function quietly(fn) {
  syncing = true;
  try {
    fn();
  } finally {
    syncing = false;
  }
}

/** The chart panel of observable o (NCPUS, NGPUS, MEMORY or NJOBS). */
export function usageChart(o) {
  return {
    id: "chart-" + o,
    title: o + " chart",
    slot: "charts",
    mount: () => element("div", { class: "chart", id: "chart-" + o }),
    render: (d, range) => draw(o, d, range),
    // Another range with the same bands: the traces stay, the axis moves.
    // Another range with the same bands: drawn again in place (Plotly.react keeps what did not
    // change), as the axis, the month lines and the period before follow the range.
    move: (d, range) => quietly(() => draw(o, d, range)),
    restyle: (d) => {
      const keys = chartBands(d).map((b) => b.key);
      const visible = keys.map((k) => (get("hidden").has(k) ? "legendonly" : true));
      const el = $("chart-" + o);
      if (el.hidden) return;
      const hover = (el.data || []).findIndex((t) => t.meta === "hover");
      quietly(() => {
        Plotly.restyle(el, { visible }, keys.map((k, i) => i));
        if (hover >= 0) {
          const prev = o === "NCPUS" ? previousPeriod(d, visibleRange(d)) : null;
          Plotly.restyle(el, { customdata: [hoverTrace(o, d, el.data[hover].x, prev).customdata] }, [hover]);
        }
        Plotly.relayout(el, yRanges(o, d, visibleRange(d), Boolean(el.layout && el.layout.yaxis2)));
      });
    },
  };
}
