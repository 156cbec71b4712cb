// When will it start? How long the jobs of each shape (CPUs, with or without GPUs) that started in the
// window waited: the run's sentences, which name their window and carry their units. Hidden when the
// data has no waits (no Eligible known, or no job started).

import { $, element } from "../text.js";

function render(d) {
  const shapes = d && Array.isArray(d.wait_by_shape) ? d.wait_by_shape : [];
  $("wait-by-shape").hidden = shapes.length === 0;
  const list = $("wait-by-shape-list");
  list.replaceChildren();
  for (const s of shapes) {
    const item = element("li", { "data-shape": s.shape });
    item.textContent = s.sentence + " (" + s.jobs.toLocaleString("en-US") + (s.jobs === 1 ? " job)" : " jobs)");
    list.append(item);
  }
}

export default {
  id: "wait-by-shape",
  title: "When will it start?",
  hourly: true,  // the hourly window's jobs, whichever range the charts show
  slot: "after-tables",
  mount: () => element("section", { id: "wait-by-shape" },
    "<h2>When will it start?</h2><p class=\"note\">How long the jobs that started in the window waited"
    + " between becoming eligible and starting, by their size.</p><ul id=\"wait-by-shape-list\"></ul>"),
  render,
};
