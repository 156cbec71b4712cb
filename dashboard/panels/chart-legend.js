// The one legend of the usage charts, shared by all of them: in stack order (the top of the stack
// first: work waiting in its strip, then the users as they are stacked), then the limit and the
// period before (on the CPU chart, where the data reaches back). A user's
// entry is a button that hides or shows that band in every chart.

import { chartBands, previousPeriod } from "../bands.js";
import { OBSERVABLES } from "../data.js";
import { get, set } from "../state.js";
import { $, element } from "../text.js";
import { visibleRange } from "../url.js";

function entry(label, color, kind) {
  const li = document.createElement("li");
  const swatch = document.createElement("span");
  swatch.className = "swatch " + kind;
  const line = kind.startsWith("line");
  swatch.style.background = line ? "none" : color;
  if (line) swatch.style.borderTopColor = color;
  li.appendChild(swatch);
  li.appendChild(document.createTextNode(label));
  return li;
}

function render(d, range) {
  const list = $("legend-entries");
  const items = [];
  if (get("showWaiting") && d.demand && d.demand.by_reason) {
    for (const cls of d.page.wait_classes) {
      const by = d.demand.by_reason[cls.key] || {};
      if (OBSERVABLES.some((o) => Array.isArray(by[o]) && by[o].some((v) => v > 0))) {
        const li = entry(cls.label, cls.color, "band");
        li.dataset.key = "waiting:" + cls.key;
        items.push(li);
      }
    }
  }
  const hidden = get("hidden");
  for (const b of chartBands(d).slice().reverse()) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "legend-user";
    button.setAttribute("aria-pressed", String(!hidden.has(b.key)));
    button.title = (hidden.has(b.key) ? "show " : "hide ") + b.label + " in the charts";
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = b.color;
    button.appendChild(swatch);
    button.appendChild(document.createTextNode(b.label));
    button.addEventListener("click", () => {
      const next = new Set(get("hidden"));
      if (next.has(b.key)) next.delete(b.key); else next.add(b.key);
      set({ hidden: next });
    });
    li.dataset.key = b.key;
    li.appendChild(button);
    items.push(li);
  }
  const limit = entry("limit", d.page.colors.limit, "line");
  limit.dataset.key = "limit";
  items.push(limit);
  const prev = range && (!Array.isArray(d.page.charts) || d.page.charts.includes("NCPUS")) ? previousPeriod(d, range) : null;
  if (prev) {
    const li = entry("CPUs in use in the previous period (" + prev.label + ")", getComputedStyle(document.documentElement)
      .getPropertyValue("--fg").trim(), "line dotted");
    li.dataset.key = "previous";
    items.push(li);
  }
  list.replaceChildren(...items);
}

export default {
  id: "chart-legend",
  title: "Legend of the charts",
  slot: "charts",
  mount: () => element("section", { id: "chart-legend", class: "chart-legend", "aria-label": "Legend of the charts" },
    '<ul id="legend-entries" class="legend-entries"></ul>'),
  render,
  move: render,
  restyle: (d) => render(d, visibleRange(d)),
};
