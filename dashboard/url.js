// The URL hash: tab, range and picked users, so a link can be shared; and the visible range.

import { HISTORY_PRESETS, PRESETS, state } from "./state.js";
import { normalWall, wall } from "./time.js";

export function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.get("qos")) state.qos = h.get("qos");
  if (h.get("from") && h.get("to")) {
    state.range = "custom";
    state.from = normalWall(h.get("from"));
    state.to = normalWall(h.get("to"));
  } else if (PRESETS[h.get("range")] || HISTORY_PRESETS[h.get("range")]) {
    state.range = h.get("range");
  }
  state.picked = h.get("users") ? h.get("users").split(",").filter(Boolean) : [];
  state.daily = Boolean(HISTORY_PRESETS[state.range]) || (state.range === "custom" && h.get("view") === "daily");
}

export function writeHash() {
  const h = new URLSearchParams();
  if (state.qos) h.set("qos", state.qos);
  if (state.range === "custom") {
    h.set("from", state.from.slice(0, 16).replace(" ", "T"));
    h.set("to", state.to.slice(0, 16).replace(" ", "T"));
    if (state.daily) h.set("view", "daily");
  } else {
    h.set("range", state.range);
  }
  if (state.picked.length) h.set("users", state.picked.join(","));
  const hash = "#" + h.toString();
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

/** The visible range as wall-clock strings in the data's zone. */
export function visibleRange(d) {
  if (state.range === "custom" && state.from && state.to) return [state.from, state.to];
  const span = PRESETS[state.range] || HISTORY_PRESETS[state.range] || PRESETS["30d"];
  const start = Math.max(d.derived.endMs - span, d.derived.firstDataMs);
  return [wall(start, d.derived.zone), wall(d.derived.endMs, d.derived.zone)];
}

