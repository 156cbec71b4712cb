// Fair share: where the accounts of the QoS's jobs stand in Slurm's fair share, as sshare said at the
// run (the JSON's "fairshare"): per account and user the shares, the decayed usage and the fair-share
// factor, and the run's sentences (they carry their instant). Hidden when the data has no fair share.

import { $, element } from "../text.js";

function percent(v) {
  return v === null || v === undefined ? "–" : (v * 100).toFixed(1) + " %";
}

function factor(v) {
  return v === null || v === undefined ? "–" : v.toFixed(2);
}

function row(name, r, className) {
  const tr = element("tr", className ? { class: className } : {});
  for (const text of [name, percent(r.norm_shares) + " (" + (r.raw_shares ?? "–") + ")",
    percent(r.effectv_usage), factor(r.fair_share), factor(r.level_fs)]) {
    const td = document.createElement("td");
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function render(d) {
  const f = d && d.fairshare && Array.isArray(d.fairshare.accounts) ? d.fairshare : null;
  $("fairshare").hidden = !f;
  const body = $("fairshare-rows");
  body.replaceChildren();
  $("fairshare-sentences").replaceChildren();
  if (!f) return;
  for (const a of f.accounts) {
    body.append(row(a.account, a, "account"));
    for (const u of a.users) body.append(row("\u2003" + u.user, u, "user"));
    const p = element("p", { class: "fairshare-sentence" });
    p.textContent = a.sentence;
    $("fairshare-sentences").append(p);
  }
}

export default {
  id: "fairshare",
  title: "Fair share",
  hourly: true,  // what sshare said at the run, whichever range the charts show
  slot: "after-tables",
  mount: () => element("section", { id: "fairshare" },
    "<h2>Fair share</h2><p class=\"note\">Slurm's own figures (sshare): an account's share of its parent's"
    + " shares, its part of the cluster's usage as Slurm decays it, and the fair-share factor (0 to 1,"
    + " higher starts sooner).</p><table id=\"fairshare-table\" class=\"usage\"><caption>Where the accounts of the QoS's jobs"
    + " and their users stand in Slurm's fair share, at the run.</caption><thead><tr>"
    + "<th>Account / user</th><th>Shares (raw)</th><th>Decayed usage</th><th>Fair-share factor</th>"
    + "<th>LevelFS</th></tr></thead><tbody id=\"fairshare-rows\"></tbody></table>"
    + "<div id=\"fairshare-sentences\"></div>"),
  render,
};
