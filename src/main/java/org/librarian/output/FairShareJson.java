package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.librarian.common.IsoTime;
import org.librarian.usage.FairShare;
import org.librarian.usage.FairShareReport;

/**
 * The {@code fairshare} section of {@code data_<qos>.json}: the accounts of the QoS's jobs as
 * {@code sshare -l} printed them, each with its users' rows, the decay half-life in days, and
 * sentences that say when they were read. Figures are sshare's own; a value Slurm left empty, and
 * LevelFS {@code inf} (no usage yet), are null. Absent when sshare was not asked or failed.
 */
final class FairShareJson {
  private FairShareJson() {}

  static void write(JsonGenerator g, FairShareReport fair, ZoneId zone) throws IOException {
    if (fair == null) {
      return;
    }
    g.writeObjectFieldStart("fairshare");
    g.writeStringField("at", IsoTime.of(fair.at(), zone));
    writeNullable(g, "decay_half_life_days", fair.halvingDays());
    List<String> sentences = new ArrayList<>();
    g.writeArrayFieldStart("accounts");
    for (FairShare a : fair.accounts()) {
      g.writeStartObject();
      g.writeStringField("account", a.account());
      figures(g, a);
      writeNullable(g, "to_share_days", round(fair.daysToShare(a)));
      String sentence = fair.sentence(a, zone);
      sentences.add(sentence);
      g.writeStringField("sentence", sentence);
      g.writeArrayFieldStart("users");
      for (FairShare u : fair.users(a.account())) {
        g.writeStartObject();
        g.writeStringField("user", u.user());
        figures(g, u);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("sentence", String.join(" ", sentences));
    g.writeEndObject();
  }

  private static void figures(JsonGenerator g, FairShare r) throws IOException {
    writeNullable(g, "raw_shares", r.rawShares() == null ? null : r.rawShares().doubleValue());
    writeNullable(g, "norm_shares", r.normShares());
    writeNullable(g, "raw_usage", r.rawUsage() == null ? null : r.rawUsage().doubleValue());
    writeNullable(g, "effectv_usage", r.effectvUsage());
    writeNullable(g, "fair_share", r.fairShare());
    writeNullable(g, "level_fs", r.levelFs());
  }

  private static Double round(Double v) {
    return v == null ? null : UsageJson.round(v, 100);
  }

  /** A whole number without a decimal point; null for a value Slurm left empty or infinite. */
  private static void writeNullable(JsonGenerator g, String name, Double v) throws IOException {
    if (v == null || v.isInfinite() || v.isNaN()) {
      g.writeNullField(name);
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumberField(name, v.longValue());
    } else {
      g.writeNumberField(name, v);
    }
  }
}
