// The chart and report files of the tab's QoS, as the manifest lists them.

import { get } from "../state.js";
import { $, element } from "../text.js";

function render() {
  const list = $("files");
  list.replaceChildren();
  const manifest = get("manifest");
  const entry = manifest && manifest.datasets.find((x) => x.qos === get("qos"));
  if (!entry) return;
  for (const name of [entry.data].concat(entry.files || [])) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = encodeURIComponent(name);
    a.textContent = name;
    li.appendChild(a);
    list.appendChild(li);
  }
}

export default {
  id: "files",
  title: "Charts and report",
  slot: "after-tables",
  // Shown even when the tab's data cannot be read: the files may still be there.
  withoutData: true,
  mount: () => element("section", { class: "downloads" }, '<h2>Charts and report</h2><ul id="files"></ul>'),
  render,
};
