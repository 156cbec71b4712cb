// The URL hash: tab, range and picked users, so a link can be shared; and the visible range.

import { get } from "./state.js";
import { HISTORY_PRESETS, PRESETS, monthBounds, normalWall, wall } from "./time.js";

/** What the hash asks for, as changes for set(). */
export function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  const changes = {};
  if (h.get("qos")) changes.qos = h.get("qos");
  if (h.get("from") && h.get("to")) {
    changes.range = "custom";
    changes.from = normalWall(h.get("from"));
    changes.to = normalWall(h.get("to"));
  } else if (PRESETS[h.get("range")] || HISTORY_PRESETS[h.get("range")]) {
    changes.range = h.get("range");
  }
  const range = changes.range || get("range");
  const picked = h.get("users") ? h.get("users").split(",").filter(Boolean) : [];
  // A new list only when it differs, so an unchanged hash changes nothing.
  if (picked.join(",") !== get("picked").join(",")) changes.picked = picked;
  changes.daily = Boolean(HISTORY_PRESETS[range]) || (range === "custom" && h.get("view") === "daily");
  return changes;
}

export function writeHash() {
  const h = new URLSearchParams();
  if (get("qos")) h.set("qos", get("qos"));
  if (get("range") === "custom") {
    h.set("from", get("from").slice(0, 16).replace(" ", "T"));
    h.set("to", get("to").slice(0, 16).replace(" ", "T"));
    if (get("daily")) h.set("view", "daily");
  } else {
    h.set("range", get("range"));
  }
  if (get("picked").length) h.set("users", get("picked").join(","));
  const hash = "#" + h.toString();
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

/** The visible range as wall-clock strings in the data's zone. */
export function visibleRange(d) {
  if (get("range") === "custom" && get("from") && get("to")) return [get("from"), get("to")];
  const month = monthBounds(get("data")[get("qos")], get("range"));
  if (month) {
    const end = Math.min(month[1], d.derived.endMs);
    return [wall(Math.max(month[0], d.derived.firstDataMs), d.derived.zone), wall(end, d.derived.zone)];
  }
  const span = PRESETS[get("range")] || HISTORY_PRESETS[get("range")] || PRESETS["30d"];
  const start = Math.max(d.derived.endMs - span, d.derived.firstDataMs);
  return [wall(start, d.derived.zone), wall(d.derived.endMs, d.derived.zone)];
}
