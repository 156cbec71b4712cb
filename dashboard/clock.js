// The page's "now", from one place: every age and staleness on the page is measured against it.
// A test fixes it by defining window.librarianNow (an ISO instant, e.g. "2026-12-06T12:00:00Z")
// before the page's scripts run. Nothing in the site sets it and the URL cannot, so for a reader
// it is always the browser's own clock.

/** Milliseconds since the epoch: window.librarianNow when a test set it, else the browser's clock. */
export function now() {
  const fixed = globalThis.librarianNow;
  const ms = typeof fixed === "string" ? Date.parse(fixed) : NaN;
  return isNaN(ms) ? Date.now() : ms;
}
