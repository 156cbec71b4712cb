// Showing names and numbers safely: elements by id, Plotly's labels escaped, numbers formatted.

export const $ = (id) => document.getElementById(id);

/** Escapes a name for Plotly's labels, which would otherwise read <b>, <a>, <br> as markup. */
export function plotlyText(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function format(v, digits) {
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** An element from static markup (never data: names go in as text afterwards). */
export function element(tag, attributes, html) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) el.setAttribute(k, v);
  el.innerHTML = html || "";
  return el;
}
