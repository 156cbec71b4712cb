// The passphrase form of a protected group (sealed.js): shown while the tab's group is not opened.
// Enter submits; a passphrase that does not open the group says so and shows nothing of it.

import { loadDataset, loadHistory } from "../data.js";
import { isOpen, unlock, whose } from "../sealed.js";
import { get, set } from "../state.js";
import { $, element } from "../text.js";

function current() {
  const manifest = get("manifest");
  return manifest ? manifest.datasets.find((x) => x.qos === get("qos")) : null;
}

function render() {
  const entry = current();
  const locked = Boolean(entry && entry.protected && !isOpen(entry));
  const box = $("unlock");
  if (!locked) {
    box.hidden = true;
    $("unlock-message").textContent = "";
    return;
  }
  if (box.hidden || box.dataset.qos !== entry.qos) $("unlock-message").textContent = "";
  box.dataset.qos = entry.qos;
  $("unlock-label").textContent = "Passphrase for " + (entry.name_shown ? entry.qos : "this group");
  box.hidden = false;
}

async function submit(ev) {
  ev.preventDefault();
  const entry = current();
  const input = $("unlock-pass");
  const message = $("unlock-message");
  if (!entry || !input.value) {
    message.textContent = "Type the passphrase first.";
    return;
  }
  const button = $("unlock-open");
  button.disabled = true;
  message.textContent = "Opening…";
  try {
    if (!(await unlock(entry, input.value))) {
      message.textContent = "That passphrase does not open " + whose(entry) + " data.";
      input.select();
      return;
    }
    input.value = "";
    message.textContent = "";
    const changes = await loadDataset(get("manifest"), entry.qos);
    if (get("daily") && changes.data[entry.qos]) changes.history = await loadHistory(entry.qos, changes.data);
    set(changes);
  } catch (e) {
    message.textContent = e.message;
  } finally {
    button.disabled = false;
  }
}

function mount() {
  const box = element("section", { id: "unlock", class: "unlock", hidden: "" },
    '<h2>Protected data</h2><form id="unlock-form">'
    + '<label for="unlock-pass" id="unlock-label">Passphrase</label> '
    + '<input id="unlock-pass" type="password" autocomplete="current-password"> '
    + '<button id="unlock-open" type="submit">Open</button></form>'
    + '<p id="unlock-message" class="unlock-message" role="alert"></p>'
    + '<p class="note">The passphrase is checked in this browser only and never sent anywhere; it is kept until'
    + " this tab is closed (session storage).</p>");
  box.querySelector("form").addEventListener("submit", submit);
  return box;
}

export default {
  id: "unlock",
  title: "Passphrase",
  slot: "before-tables",
  withoutData: true,
  mount,
  render,
};
