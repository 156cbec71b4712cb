package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeRunner;

/**
 * {@code run} with {@code qos: all}: one sacct call with no QoS filter, every QoS of the answer
 * written (the hand-made centre: avery 16, birch 3, cedar 5 CPU-hours, see GroupSplitTest), each in
 * status.json, and the list of groups beside them.
 */
class GroupRunTest {
  @TempDir Path tmp;

  @Test
  void aRunOfEveryQosWritesEachFromOneSacctCall() throws Exception {
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        "timezone: UTC\noutput: site\nstate_dir: state\nlog_dir: logs\nwindow: 6h\nqos: all\n");
    String centre = Files.readString(Path.of("src/test/resources/groups/centre.sacct.txt"));
    List<Command> sacct = Collections.synchronizedList(new ArrayList<>());
    FakeRunner runner =
        new FakeRunner(
            c -> {
              if (c.argv().get(0).equals("sacct")) {
                sacct.add(c);
                return new CommandResult(0, centre, "");
              }
              return new CommandResult(1, "", "not on this machine");
            });
    Cli.Run run =
        new Cli(tmp)
            .programs("sacct")
            .runner(runner)
            .clock(Instant.parse("2026-11-20T12:30:00Z"))
            .run("run", "--no-plots");
    assertEquals(0, run.code(), run.out() + run.err());
    assertEquals(1, sacct.size());
    assertTrue(
        sacct.get(0).argv().stream().noneMatch(a -> a.startsWith("--qos")),
        sacct.get(0).argv().toString());
    assertTrue(run.out().contains("3 of 3 QoS updated"), run.out());
    ObjectMapper json = new ObjectMapper();
    JsonNode status = json.readTree(tmp.resolve("site/status.json").toFile());
    List<String> names = new ArrayList<>();
    status.get("qos").forEach(q -> names.add(q.get("qos").asText()));
    assertEquals(List.of("avery", "birch", "cedar"), names);
    JsonNode index = json.readTree(tmp.resolve("site/index.json").toFile());
    assertEquals(3, index.get("groups").size());
    // cedar: dee's 1 CPU from 07:00 to 12:00 = 5 CPU-hours over 5.5 h of window = 0.91 CPUs.
    assertEquals(
        "0.9 CPUs (no CPU limit known)", index.at("/groups/2/cells/use_window/text").asText());
  }
}
