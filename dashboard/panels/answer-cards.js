// The first screen's four answers for the preset shown, each against the period before it: how much
// of the allocation was used, whether work waited for the limit, how much held CPU sat idle, who used
// most. Every figure, sentence, flag and class is the data's (answers.<preset>, written in Java), so
// this panel only lays them out; each card links to the section with the detail.

import { get } from "../state.js";
import { $, element } from "../text.js";

function card(c) {
  const a = element("a", { class: "answer-card", href: c.href, "data-card": c.id });
  const title = element("span", { class: "answer-title" });
  title.textContent = c.title;
  const value = element("strong", { class: "answer-value" });
  value.textContent = c.value;
  a.append(title, value);
  if (c.flag) {
    // A text flag beside the colour: the words carry the threshold.
    const flag = element("span", { class: "answer-flag flag-" + c.flag_class });
    flag.textContent = c.flag;
    a.append(flag);
  }
  for (const line of c.lines) {
    const p = element("span", { class: "answer-line" });
    p.textContent = line;
    a.append(p);
  }
  return a;
}

function render() {
  const box = $("answer-cards");
  const d = get("data")[get("qos")];
  const all = d && d.answers ? d.answers : {};
  const shown = all[get("range")] ? get("range") : "30d";
  const a = all[shown];
  box.hidden = !a;
  if (!a) return;
  box.dataset.period = shown;
  const head = $("answer-period");
  head.textContent = a.period + (shown === get("range") ? ""
    : " (a custom range has no cards of its own: these are of the last 30 days)");
  $("answer-list").replaceChildren(...a.cards.map(card));
}

export default {
  id: "answer-cards",
  title: "Answers",
  slot: "answers",
  hourly: true,
  mount: () => element("section", { id: "answer-cards", class: "answers", "aria-label": "Answers for the period shown" },
    '<p id="answer-period" class="sub"></p><div id="answer-list" class="answer-list"></div>'),
  render,
  move: render,
};
