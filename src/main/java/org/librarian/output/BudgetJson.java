package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import org.librarian.common.IsoTime;
import org.librarian.usage.BudgetForecast;
import org.librarian.usage.BudgetReport;
import org.librarian.usage.BudgetSentence;
import org.librarian.usage.QosReport;

/**
 * The {@code budget} section of {@code data_<qos>.json}: per TRES of the QoS's {@code GrpTRESMins}
 * with a limit, Slurm's limit and used value (TRES-minutes), what is left, the rate (TRES-minutes a
 * day, 1 decimal), the run-out date in the zone, the basis, the samples ({@code [instant, used
 * minutes]}), the projection (now's used value to the limit at the run-out instant, when there is
 * one) and the sentence the page shows. Absent when the QoS has no budget (or it was not read).
 * {@code budget_accounts}: the same per account of the QoS's jobs with a budget, {@code {account:
 * {tres: {...}}}}; absent when none has one.
 */
final class BudgetJson {
  private BudgetJson() {}

  static void write(JsonGenerator g, QosReport report) throws IOException {
    ZoneId zone = report.usage().grid().zone();
    if (report.budget() != null) {
      g.writeFieldName("budget");
      write(g, report.budget(), zone);
    }
    if (!report.budgetAccounts().isEmpty()) {
      g.writeObjectFieldStart("budget_accounts");
      for (var a : report.budgetAccounts().entrySet()) {
        g.writeFieldName(a.getKey());
        write(g, a.getValue(), zone);
      }
      g.writeEndObject();
    }
  }

  private static void write(JsonGenerator g, BudgetReport budget, ZoneId zone) throws IOException {
    g.writeStartObject();
    for (BudgetReport.Entry e : budget.entries()) {
      BudgetForecast.Budget b = e.forecast();
      g.writeObjectFieldStart(b.tres());
      g.writeStringField("unit", BudgetSentence.unit(b.tres()) + "-minutes");
      g.writeStringField("at", IsoTime.of(budget.at(), zone));
      g.writeNumberField("limit_minutes", b.limitMinutes());
      g.writeNumberField("used_minutes", b.usedMinutes());
      g.writeNumberField("left_minutes", b.leftMinutes());
      g.writeNumberField("used_share", UsageJson.round(b.usedShare(), 1e4));
      if (b.rateMinutesPerDay() == null) {
        g.writeNullField("rate_minutes_per_day");
      } else {
        g.writeNumberField("rate_minutes_per_day", UsageJson.round(b.rateMinutesPerDay(), 10));
      }
      g.writeStringField("runs_out", b.runsOut() == null ? null : b.runsOut().toString());
      g.writeStringField("basis", b.basis());
      if (budget.noDecay() == null) {
        g.writeNullField("no_decay");
      } else {
        g.writeBooleanField("no_decay", budget.noDecay());
      }
      g.writeNumberField("usage_factor", budget.usageFactor());
      g.writeArrayFieldStart("samples");
      for (BudgetForecast.Sample s : e.samples()) {
        g.writeStartArray();
        g.writeString(IsoTime.of(s.at(), zone));
        g.writeNumber(s.usedMinutes());
        g.writeEndArray();
      }
      g.writeEndArray();
      // The straight line the forecast draws: from now's used value to the limit at the run-out.
      Instant end = BudgetForecast.runsOutAt(b.leftMinutes(), b.rateMinutesPerDay(), budget.at());
      if (end != null && b.leftMinutes() > 0) {
        g.writeArrayFieldStart("projection");
        g.writeStartArray();
        g.writeString(IsoTime.of(budget.at(), zone));
        g.writeNumber(b.usedMinutes());
        g.writeEndArray();
        g.writeStartArray();
        g.writeString(IsoTime.of(end, zone));
        g.writeNumber(b.limitMinutes());
        g.writeEndArray();
        g.writeEndArray();
      }
      g.writeStringField("sentence", e.sentence());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
