package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the decay sentence says, from the controller's half-life and reset period. */
class BudgetSentenceTest {
  private static final String UPPER =
      ", so at a steady use the used value grows more slowly than this straight line: the forecast"
          + " is an upper bound of use, and the budget runs out no sooner than the date given.";

  @Test
  void aQosWithoutNoDecayNamesTheHalfLifeAndTheResetPeriod() {
    assertEquals(
        "The QoS lacks Slurm's NoDecay flag: Slurm halves its used value every 7 days"
            + " (PriorityDecayHalfLife)"
            + UPPER,
        BudgetSentence.decay(null, false, new BudgetSentence.Decay(Duration.ofDays(7), "NONE")));
    // 1-12:00:00 = 36 hours; MONTHLY resets at the start of every month.
    assertEquals(
        "The QoS lacks Slurm's NoDecay flag: Slurm halves its used value every 36 hours"
            + " (PriorityDecayHalfLife) and resets it to zero at the start of every month"
            + " (PriorityUsageResetPeriod)"
            + UPPER,
        BudgetSentence.decay(
            null, false, new BudgetSentence.Decay(Duration.ofHours(36), "MONTHLY")));
  }

  @Test
  void anAccountAlwaysDecaysNoDecayQosSaysNothingZeroHalfLifeDoesNotDecay() {
    assertEquals(
        "Slurm halves the avery-lab account's used value every 1 day (PriorityDecayHalfLife)"
            + " and resets it to zero as PriorityUsageResetPeriod=NOW says"
            + UPPER,
        BudgetSentence.decay(
            "avery-lab", false, new BudgetSentence.Decay(Duration.ofDays(1), "NOW")));
    assertEquals(
        "", BudgetSentence.decay(null, true, new BudgetSentence.Decay(Duration.ofDays(7), null)));
    assertEquals(
        "PriorityDecayHalfLife is 0, so Slurm does not decay the avery-lab account's used value;"
            + " it resets it to zero at the start of every week (PriorityUsageResetPeriod).",
        BudgetSentence.decay(
            "avery-lab", false, new BudgetSentence.Decay(Duration.ZERO, "WEEKLY")));
    // Not known: the generic sentences.
    assertEquals(BudgetSentence.DECAY, BudgetSentence.decay(null, false, null));
    assertEquals(BudgetSentence.DECAY_UNKNOWN, BudgetSentence.decay(null, null, null));
    assertEquals(
        "Slurm decays the lab account's used value with PriorityDecayHalfLife (and resets it per"
            + " PriorityUsageResetPeriod), so the forecast is an upper bound of use, and the budget"
            + " runs out no sooner than the date given.",
        BudgetSentence.decay("lab", false, null));
  }
}
