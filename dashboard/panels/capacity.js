// "Would a bigger limit help?": per resource with a limit, the resource-hours still above each
// candidate limit (unmet) and left unused under it (idle), today's limit marked, and the sentence the
// run wrote. The figures cover the whole hours of the hourly window (they say their period), whatever
// range the charts show; without "capacity" in the data (no waiting work known, daily views) the
// panel is hidden.

import { drawPanelChart, themeColors } from "../chart.js";
import { $, element, plotlyText } from "../text.js";

function render(d) {
  const box = $("capacity");
  const plans = d && d.capacity && !d.derived.daily ? Object.entries(d.capacity) : [];
  box.hidden = plans.length === 0;
  const list = $("capacity-plans");
  list.replaceChildren();
  const c = themeColors();
  for (const [resource, p] of plans) {
    const item = element("div", { class: "capacity-plan" });
    const sentence = element("p", { class: "capacity-sentence" });
    sentence.textContent = p.sentence;
    const chart = element("div", { class: "chart capacity-chart", id: "capacity-" + resource });
    item.append(sentence, chart);
    list.append(item);
    const x = p.candidates.map((k) => k.limit);
    const unit = plotlyText(p.unit);
    const hourUnit = resource === "MEMORY" ? "GB-hours" : unit.replace(/s$/, "") + "-hours";
    const traces = [
      { type: "scatter", mode: "lines+markers", name: "unmet (" + hourUnit + " above the limit)", x,
        y: p.candidates.map((k) => k.unmet_hours), line: { color: d.page.colors.limit },
        hovertemplate: "%{y:,.0f} " + hourUnit + " unmet with %{x:,} " + unit + "<extra></extra>" },
      { type: "scatter", mode: "lines+markers", name: "idle (" + hourUnit + " of the limit unused)", x,
        y: p.candidates.map((k) => k.idle_hours), line: { color: d.page.colors.others_band, dash: "dot" },
        hovertemplate: "%{y:,.0f} " + hourUnit + " idle with %{x:,} " + unit + "<extra></extra>" },
    ];
    drawPanelChart(chart, traces, "Would a bigger limit help? — " + plotlyText(d.derived.qos || "") + ", " + unit, -0.25, {
      margin: { l: 72, r: 16, t: 44, b: 48 },
      xaxis: { title: { text: "limit (" + unit + ")" }, gridcolor: c.grid, rangemode: "tozero" },
      yaxis: { title: { text: hourUnit }, gridcolor: c.grid, rangemode: "tozero" },
      shapes: [{ type: "line", yref: "paper", y0: 0, y1: 1, x0: p.limit, x1: p.limit,
        line: { color: d.page.colors.limit, dash: "dash", width: 2 } }],
      annotations: [{ yref: "paper", y: 1, x: p.limit, xanchor: "left", yanchor: "top", showarrow: false,
        text: "today's limit " + p.limit.toLocaleString("en-US") + " " + unit, font: { color: d.page.colors.limit } }],
    });
  }
}

export default {
  id: "capacity",
  title: "Would a bigger limit help?",
  slot: "after-tables",
  mount: () => element("section", { id: "capacity", class: "capacity" },
    "<h2>Would a bigger limit help?</h2><p class=\"note\">A first-order estimate from the hours work waited"
    + " for the QoS limit: work that starts sooner changes the hours after it.</p><div id=\"capacity-plans\"></div>"),
  render,
};
