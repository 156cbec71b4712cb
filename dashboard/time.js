// Times as the data's zone shows them: wall-clock strings, zone abbreviations, ages; the range presets.

export const HOUR = 3600 * 1000;

export const DAY = 24 * HOUR;

export const PRESETS = { "6h": 6 * HOUR, "12h": 12 * HOUR, "24h": 24 * HOUR, "3d": 72 * HOUR, "7d": 168 * HOUR,
  "14d": 336 * HOUR, "30d": 720 * HOUR };

// Longer ranges read history_<qos>.json: daily averages kept beyond the 30-day window.
export const HISTORY_PRESETS = { "90d": 90 * DAY, "1y": 365 * DAY, "all": Infinity, "last-month": 62 * DAY };

// Calendar months in the data's zone: "month" (hourly data) and "last-month" (daily history). Their
// bounds come with the data (answers.<preset>.from/to); the spans above are only their longest.
PRESETS.month = 31 * DAY;

/** [from, to) in ms of a calendar-month preset from the hourly data, or null for the other presets. */
export function monthBounds(hourly, range) {
  const a = hourly && hourly.answers && (range === "month" || range === "last-month") ? hourly.answers[range] : null;
  return a && a.from && a.to ? [Date.parse(a.from), Date.parse(a.to)] : null;
}

/** "2026-11-01T01:00:00-04:00" -> "2026-11-01 01:00:00": the wall-clock time in the data's zone. */
export function wallOf(iso) {
  return iso.slice(0, 19).replace("T", " ");
}

export function wall(ms, zone) {
  const parts = {};
  new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
    .formatToParts(new Date(ms)).forEach((p) => { parts[p.type] = p.value; });
  return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute + ":" + parts.second;
}

// Java's name of each offset of a zone (metadata.zone_names: "+01:00" -> "CET"), so the page names a
// time as the sentences, cards and PNG/PDF titles do, not as the browser's locale would ("GMT+1").
const zoneNames = new Map();
const offsetFormats = new Map();

/** Registers the data file's metadata.zone_names for its zone. */
export function setZoneNames(zone, names) {
  if (names && typeof names === "object") zoneNames.set(zone, names);
}

/** "+01:00", "-05:00", "+00:00", "+05:30": the UTC offset of the zone at ms, or null. */
function offsetOf(ms, zone) {
  if (!offsetFormats.has(zone)) {
    offsetFormats.set(zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }));
  }
  const part = offsetFormats.get(zone).formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName");
  const m = part ? /^GMT(?:([+-]\d\d):?(\d\d))?$/.exec(part.value) : null;
  return m ? (m[1] ? m[1] + ":" + m[2] : "+00:00") : null;
}

export function zoneAbbreviation(ms, zone) {
  const names = zoneNames.get(zone);
  const offset = names ? offsetOf(ms, zone) : null;
  if (offset && typeof names[offset] === "string") return names[offset];
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName");
  return part ? part.value : zone;
}

/** "2026-11-22 21:29 EST" */
export function shownTime(ms, zone) {
  return wall(ms, zone).slice(0, 16) + " " + zoneAbbreviation(ms, zone);
}

/** Any of "2026-11-01", "2026-11-01T05", "2026-11-01 05:30", "2026-11-01 05:30:12.345" -> "2026-11-01 05:30:12". */
export function normalWall(s) {
  let t = String(s).trim().replace("T", " ");
  if (/^\d{4}-\d\d-\d\d$/.test(t)) t += " 00:00:00";
  else if (/^\d{4}-\d\d-\d\d \d\d$/.test(t)) t += ":00:00";
  else if (/^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(t)) t += ":00";
  return t.slice(0, 19);
}

export function age(ms) {
  const minutes = Math.max(0, Math.round(ms / 60000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return minutes + " min ago";
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours + " h " + (minutes % 60) + " min ago";
  return Math.floor(hours / 24) + " days ago";
}

