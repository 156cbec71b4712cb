// The sortable table every table panel fills; a user's cell carries their colour in the charts.

import { userColor } from "./bands.js";
import { get, set } from "./state.js";
import { format } from "./text.js";

export function userCell(user) {
  const td = document.createElement("td");
  if (user !== null) {
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    // userColor gives the grey of the "others" band to every user not drawn one by one; a user called
    // "others" is a user like any other.
    swatch.style.background = userColor(user);
    td.appendChild(swatch);
  }
  td.appendChild(document.createTextNode(user === null ? "" : user));
  return td;
}

/** The flag of an efficiency in % by the data file's rule (page.efficiency_flags, lowest first), or "". */
export function shadeShare(v, page) {
  const f = (page.efficiency_flags || []).find((x) => v < x.below);
  return f ? f.flag : "";
}

/**
 * Fills el with the flags as words, by the same rule: "low (under 50 % of the WHAT held was used)
 * and very low (under 25 %)".
 */
export function flagLegend(el, page, what) {
  el.textContent = "";
  [...(page.efficiency_flags || [])].reverse().forEach((f, i) => {
    if (i) el.append(" and ");
    const word = document.createElement("span");
    word.className = f.flag;
    word.textContent = f.label;
    el.append(word, " (under " + f.below + " %" + (i ? "" : " of the " + what + " held was used") + ")");
  });
}

/** Shades a cell; a flag is a word as well as a colour: "low", "very low". No shade, no flag. */
export function flag(td, shade) {
  if (!shade) return;
  td.className = shade;
  const word = document.createElement("span");
  word.className = "flag";
  word.textContent = " " + shade.replace("-", " ");
  td.appendChild(word);
}

/** Rows a table shows at once; more are paged, so a group of 400 does not make a page 13,000 px long. */
export const PAGE_ROWS = 25;

// The page each table shows: the table's own view, not page state (nothing else reads it).
const pages = {};

/** Shows a table's first page at its next fill (a new choice of rows). */
export function firstPage(which) {
  delete pages[which];
}

/** "Users 26–50 of 400" with Previous and Next under a table of more than PAGE_ROWS rows. */
function pager(table, which, page, count, total, again) {
  let box = table.parentElement.querySelector('.pager[data-for="' + which + '"]');
  if (total <= PAGE_ROWS) {
    if (box) box.remove();
    return;
  }
  if (!box) {
    box = document.createElement("p");
    box.className = "pager";
    box.dataset.for = which;
    table.after(box);
  }
  const button = (label, to, disabled) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.disabled = disabled;
    b.addEventListener("click", () => { pages[which] = to; again(); });
    return b;
  };
  const text = document.createElement("span");
  // What the rows are ("Users" unless the table says otherwise, e.g. data-noun="Families").
  text.textContent = (table.dataset.noun || "Users") + " " + format(page * PAGE_ROWS + 1, 0) + "–" + format(Math.min(total, (page + 1) * PAGE_ROWS), 0)
    + " of " + format(total, 0);
  box.replaceChildren(button("Previous", page - 1, page === 0), text, button("Next", page + 1, page >= count - 1));
}

/**
 * Builds a sortable table: columns [{key, label, digits}], rows [{user, values}], footer rows after
 * (over every row). More than PAGE_ROWS rows are shown a page at a time, in the order sorted.
 */
export function fillTable(table, which, columns, rows, footers) {
  const sort = get("sort")[which];
  const all = rows.slice().sort((a, b) => {
    const x = sort.key === "user" ? a.user : a.values[sort.key];
    const y = sort.key === "user" ? b.user : b.values[sort.key];
    return (x < y ? -1 : x > y ? 1 : 0) * sort.dir || (a.user < b.user ? -1 : 1);
  });
  const count = Math.max(1, Math.ceil(all.length / PAGE_ROWS));
  const page = Math.min(pages[which] || 0, count - 1);
  const sorted = all.slice(page * PAGE_ROWS, (page + 1) * PAGE_ROWS);
  pager(table, which, page, count, all.length, () => fillTable(table, which, columns, rows, footers));
  const head = document.createElement("thead");
  const hr = document.createElement("tr");
  for (const col of [{ key: "user", label: "User" }].concat(columns)) {
    const th = document.createElement("th");
    // A button in each header: sortable by keyboard too; aria-sort on the header says how it is sorted.
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = col.label;
    th.appendChild(button);
    th.dataset.key = col.key;
    th.setAttribute("scope", "col");
    if (col.key === sort.key) th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
    th.addEventListener("click", () => {
      const next = { key: col.key, dir: sort.key === col.key ? -sort.dir : (col.key === "user" ? 1 : -1) };
      set({ sort: Object.assign({}, get("sort"), { [which]: next }) });
    });
    hr.appendChild(th);
  }
  head.appendChild(hr);
  const body = document.createElement("tbody");
  for (const row of sorted) {
    const tr = document.createElement("tr");
    tr.appendChild(userCell(row.user));
    for (const col of columns) {
      const td = document.createElement("td");
      const v = row.values[col.key];
      td.textContent = col.text ? String(v || "") : v === null || v === undefined ? "–" : format(v, col.digits);
      if (col.shade && v !== null && v !== undefined) flag(td, col.shade(v));
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  for (const f of footers) {
    const tr = document.createElement("tr");
    tr.className = f.className;
    const first = document.createElement("td");
    first.textContent = f.label;
    tr.appendChild(first);
    for (const col of columns) {
      const td = document.createElement("td");
      const v = f.values[col.key];
      td.textContent = v === null || v === undefined || col.text ? "" : format(v, col.digits);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  // The caption the panel gave its table (in its markup) stays.
  const caption = table.querySelector(":scope > caption");
  table.replaceChildren(...(caption ? [caption] : []), head, body);
}

/** The QoS's limits, null where there is none, and the share of them that {@code total} is, in %. */
export function limitRows(d, total) {
  const limits = {};
  const share = {};
  for (const o of Object.keys(d.page.observables)) {
    limits[o] = Number(d.thresholds[o]) > 0 ? Number(d.thresholds[o]) : null;
    share[o] = limits[o] ? 100 * total[o] / limits[o] : null;
  }
  return { limits, share };
}
