package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status.json says of a sealed group only its label and whether its update worked. */
class RunStatusSealedTest {
  @TempDir Path dir;

  @Test
  void aSealedGroupsRowKeepsNoFigureNoReasonAndNoName() throws Exception {
    List<RunStatus.QosRow> rows =
        List.of(
            new RunStatus.QosRow("avery", false, 0, 0, 0, 0, 1, "sacct: avery failed", List.of()),
            new RunStatus.QosRow(
                "avery-b", true, 1234, 2, 321, 12, null, null, List.of("line 7: otter's row")),
            new RunStatus.QosRow("secret", true, 5678, 1, 901, 17, null, null, List.of("wren")));
    Instant t = Instant.parse("2026-11-20T12:30:00Z");
    Path file = dir.resolve("status.json");
    RunStatus.write(
        file,
        t,
        t,
        "librarian test",
        ZoneId.of("UTC"),
        RunStatus.Schedule.every(Duration.ofMinutes(10), t, "run_interval"),
        null,
        RunStatus.sealed(rows, Map.of("avery", "avery", "secret", "Private group 2")),
        List.of(),
        null);

    String text = Files.readString(file);
    JsonNode qos = new ObjectMapper().readTree(text).get("qos");
    assertEquals(
        "{\"qos\":\"avery\",\"ok\":false,\"protected\":true,\"sacct_exit_code\":null,"
            + "\"error\":\"the update failed (the reason is in run.log)\",\"problems\":[]}",
        qos.get(0).toString());
    assertEquals(1234, qos.get(1).get("rows_read").asInt()); // not protected: as it was
    assertEquals("Private group 2", qos.get(2).get("qos").asText());
    assertTrue(qos.get(2).get("ok").asBoolean());
    for (String secret : List.of("secret", "5678", "901", "17", "wren", "sacct: avery")) {
      assertFalse(text.contains(secret), secret + " in " + text);
    }
  }
}
