// The chart and report files of the tab's QoS, as the manifest lists them.

import { sealedLinks } from "../sealed.js";
import { get } from "../state.js";
import { $, element } from "../text.js";

function render() {
  const list = $("files");
  list.replaceChildren();
  const manifest = get("manifest");
  const entry = manifest && manifest.datasets.find((x) => x.qos === get("qos"));
  if (!entry) return;
  // A protected group's files are links to their decrypted copies (blob URLs), once it is opened.
  const links = entry.protected ? sealedLinks(entry)
    : [entry.data].concat(entry.files || []).map((name) => ({ name, href: encodeURIComponent(name) }));
  for (const { name, href } of links) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = href;
    if (entry.protected) a.download = name;
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
