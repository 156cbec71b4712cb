// When does the budget run out? Per TRES of the QoS's GrpTRESMins budget (then of each account of its
// jobs with one, "budget_accounts"): Slurm's used value at each
// run (the samples), the limit as a line and the forecast as a dashed line to the run-out date, with
// the run's sentences under the chart. The JSON carries the samples, the projection, units and
// sentences; without "budget" in the data the panel is hidden.

import { drawPanelChart, themeColors } from "../chart.js";
import { $, element, plotlyText } from "../text.js";

function render(d) {
  const qos = plotlyText((d && d.derived && d.derived.qos) || "");
  const budgets = d && d.budget ? Object.entries(d.budget).map(([t, b]) => [qos, t, b]) : [];
  Object.entries((d && d.budget_accounts) || {}).forEach(([account, byTres]) =>
    Object.entries(byTres).forEach(([t, b]) => budgets.push([plotlyText(account) + " account", t, b])));
  $("budget").hidden = budgets.length === 0;
  const list = $("budget-list");
  list.replaceChildren();
  const c = themeColors();
  budgets.forEach(([owner, tres, b], i) => {
    const item = element("div", { class: "budget-tres", "data-tres": tres, "data-owner": owner });
    const chart = element("div", { class: "chart budget-chart", id: "budget-chart-" + i });
    const sentence = element("p", { class: "budget-sentence" });
    sentence.textContent = b.sentence;
    item.append(chart, sentence);
    list.append(item);
    const unit = plotlyText(b.unit);
    const samples = b.samples.length > 0 ? b.samples : [[b.at, b.used_minutes]];
    const traces = [
      { type: "scatter", mode: "lines+markers", name: "used (Slurm's value at each run)",
        x: samples.map((s) => s[0]), y: samples.map((s) => s[1]), line: { color: d.page.colors.others_band },
        hovertemplate: "%{y:,.0f} " + unit + " used at %{x}<extra></extra>" },
    ];
    if (b.projection) {
      traces.push({ type: "scatter", mode: "lines", name: "forecast (" + b.basis + " rate)",
        x: b.projection.map((s) => s[0]), y: b.projection.map((s) => s[1]),
        line: { color: d.page.colors.limit, dash: "dash" },
        hovertemplate: "%{y:,.0f} " + unit + " by %{x}<extra></extra>" });
    }
    drawPanelChart(chart, traces, "Budget — " + owner + ", " + plotlyText(tres) + " (" + unit + ")", -0.2, {
      margin: { l: 80, r: 16, t: 44, b: 48 },
      xaxis: { type: "date", gridcolor: c.grid },
      yaxis: { title: { text: unit }, gridcolor: c.grid, rangemode: "tozero" },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: b.limit_minutes, y1: b.limit_minutes,
        line: { color: d.page.colors.limit, width: 2 } }],
      annotations: [{ xref: "paper", x: 0, y: b.limit_minutes, xanchor: "left", yanchor: "bottom", showarrow: false,
        text: "limit " + b.limit_minutes.toLocaleString("en-US") + " " + unit, font: { color: d.page.colors.limit } }],
    });
  });
}

export default {
  id: "budget",
  title: "When does the budget run out?",
  hourly: true,  // the run's budget, whichever range the charts show
  slot: "after-tables",
  mount: () => element("section", { id: "budget" },
    "<h2>When does the budget run out?</h2><p class=\"note\">Slurm's GrpTRESMins budget of the QoS (and"
    + " of the accounts of its jobs that have one), as Slurm counts it, and a straight-line forecast at the rate the sentence names.</p><div id=\"budget-list\"></div>"),
  render,
};
