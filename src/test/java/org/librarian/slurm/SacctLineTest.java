package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sacct -P lines cut at the delimiter: no quoting, every field kept, empty ones too. */
class SacctLineTest {
  @Test
  void everyDelimiterCutsEmptyFieldsIncluded() {
    SacctLine line = new SacctLine("|");
    line.split("123.batch||1700000000|");
    assertEquals(List.of("123.batch", "", "1700000000", ""), line.toList());
    assertTrue(line.isEmpty(1));
    assertEquals("123.batch||1700000000|", line.text());
  }

  @Test
  void aLongerDelimiterIsOneDelimiterNotItsCharacters() {
    SacctLine line = new SacctLine("::");
    line.split("gpu:a100::ann:x::");
    assertEquals(List.of("gpu:a100", "ann:x", ""), line.toList());
  }

  @Test
  void theLineIsForgottenAtTheNextSplitAndMoreThan32FieldsFit() {
    SacctLine line = new SacctLine(",");
    line.split("a,b,c");
    line.split(
        "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34");
    assertEquals(35, line.size());
    assertEquals("34", line.get(34));
    line.split("");
    assertEquals(List.of(""), line.toList());
  }
}
