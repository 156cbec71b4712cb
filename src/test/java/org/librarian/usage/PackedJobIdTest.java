package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One layout for every packed JobID: forms apart, text back, small job numbers an int. */
class PackedJobIdTest {
  @Test
  void theLayoutKeepsTheFormInTheLowBitsAndAPlainJobSmall() {
    // 123 → 123 × 4 + 1 = 493.
    assertEquals(493, PackedJobId.pack("123"));
    // 123_4 → 123 × 2^32 + 4 × 4 + 2 = 528,280,977,408 + 18 = 528,280,977,426.
    assertEquals(528_280_977_426L, PackedJobId.pack("123_4"));
    // 123+0 → 123 × 2^32 + 0 × 4 + 3 = 528,280,977,411.
    assertEquals(528_280_977_411L, PackedJobId.pack("123+0"));
    // A job number below 2^29 fits an int: 536,870,911 × 4 + 1 = 2,147,483,645; 2^29 does not
    // (2,147,483,649).
    assertEquals(2_147_483_645L, PackedJobId.pack("536870911"));
    assertEquals(2_147_483_649L, PackedJobId.pack("536870912"));
  }

  @Test
  void everyFormThatPacksReadsBackAsItsTextAndTwoTextsPackApart() {
    List<String> ids =
        List.of(
            "0",
            "123",
            "1234",
            "123_0",
            "123_4",
            "123+0",
            "123+4",
            "4294967295",
            "4294967295_1073741823",
            "5+1073741823",
            "9_4194304");
    Set<Long> packed = new HashSet<>();
    for (String id : ids) {
      long p = PackedJobId.pack(id);
      assertNotEquals(PackedJobId.NONE, p, id);
      assertEquals(id, PackedJobId.unpack(p), id);
      packed.add(p);
    }
    assertEquals(ids.size(), packed.size(), "no two texts pack alike");
  }

  @Test
  void otherTextsDoNotPack() {
    // A pending array, leading zeros, a job number of 2^32, a task of 2^30, eleven digits, empty
    // parts, two separators, a step, letters.
    for (String id :
        List.of(
            "123_[1-10%2]",
            "007",
            "5_01",
            "4294967296",
            "5_1073741824",
            "12345678901",
            "",
            "_4",
            "4_",
            "5+1_2",
            "123.batch",
            "abc")) {
      assertEquals(PackedJobId.NONE, PackedJobId.pack(id), id);
    }
  }
}
