package org.librarian.output;

import java.util.LinkedHashMap;
import java.util.Map;
import org.librarian.output.AnswersJson.Period;
import org.librarian.usage.QosReport;

/**
 * Each preset's period and the one before it ({@link AnswersJson#periods}) with their figures
 * ({@link PeriodFigures}), computed once per QoS in a run: the sentences ({@link Summaries}) and
 * the cards ({@link AnswersJson}) read the same values.
 *
 * @param periods per preset, its period and the one before it
 * @param figures per preset, the figures of those two periods, in the same order
 */
record PresetFigures(Map<String, Period[]> periods, Map<String, PeriodFigures[]> figures) {

  static PresetFigures of(QosReport qos) {
    Map<String, Period[]> periods = AnswersJson.periods(qos);
    Map<String, PeriodFigures[]> figures = new LinkedHashMap<>();
    periods.forEach(
        (key, p) ->
            figures.put(
                key,
                new PeriodFigures[] {PeriodFigures.of(qos, p[0]), PeriodFigures.of(qos, p[1])}));
    return new PresetFigures(periods, figures);
  }

  /** The period of {@code preset}. */
  Period period(String preset) {
    return periods.get(preset)[0];
  }

  /** The figures of {@code preset}'s period. */
  PeriodFigures current(String preset) {
    return figures.get(preset)[0];
  }

  /** The figures of the period before {@code preset}'s. */
  PeriodFigures previous(String preset) {
    return figures.get(preset)[1];
  }
}
