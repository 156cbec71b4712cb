// The partitions this QoS's jobs use, as sinfo saw them at the run: a light and a line each.

import { $, element, format } from "../text.js";
import { shownTime } from "../time.js";

function render(d) {
  const box = $("cluster-now");
  const list = $("partitions");
  list.replaceChildren();
  if (!d.cluster) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  $("cluster-when").textContent = "at " + shownTime(Date.parse(d.cluster.at), d.derived.zone);
  if (d.cluster.error) {
    const li = document.createElement("li");
    li.textContent = "Not known: " + d.cluster.error + ".";
    list.appendChild(li);
    return;
  }
  for (const [name, p] of Object.entries(d.cluster.partitions || {})) {
    const li = document.createElement("li");
    const light = document.createElement("span");
    light.className = "light " + (["green", "amber", "red"].includes(p.light) ? p.light : "red");
    light.title = { green: "idle capacity", amber: "mostly in use", red: "full, drained or down" }[p.light] || "";
    li.appendChild(light);
    li.appendChild(document.createTextNode(name + ": " + format(p.cpus.idle, 0) + " of " + format(p.cpus.total, 0)
      + " CPUs idle, " + format(p.cpus.allocated, 0) + " allocated, " + format(p.cpus.other, 0)
      + " drained or down; nodes " + format(p.nodes.idle, 0) + " idle of " + format(p.nodes.total, 0) + "."));
    list.appendChild(li);
  }
}

export default {
  id: "cluster-now",
  title: "Cluster now",
  hourly: true,  // what the run saw, whichever range the charts show
  slot: "before-tables",
  mount: () => {
    const el = element("section", { id: "cluster-now", class: "cluster-now" },
      '<h2>Cluster now <span id="cluster-when" class="sub"></span></h2><ul id="partitions" class="partitions"></ul>');
    el.hidden = true;
    return el;
  },
  render,
};
