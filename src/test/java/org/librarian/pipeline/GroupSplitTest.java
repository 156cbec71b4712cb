package org.librarian.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/**
 * One saved sacct file of three QoS and two accounts (src/test/resources/groups/centre.sacct.txt,
 * hand-made in the form librarian's own sacct call returns) split into groups in one pass.
 *
 * <p>The window: --now 12:30 UTC, 6 h, bins 07:00 to 12:00. The jobs, all inside it:
 *
 * <pre>
 * 1 ann  lab-a avery 4 CPUs 08:00-10:00  4 × 2 h   =  8 CPU-hours (and its batch step)
 * 2 bob  lab-a birch 2 CPUs 09:00-10:30  2 × 1.5 h =  3 CPU-hours
 * 3 carl lab-b avery 8 CPUs 10:00-11:00  8 × 1 h   =  8 CPU-hours
 * 4 dee  lab-b cedar 1 CPU  07:00-12:00  1 × 5 h   =  5 CPU-hours
 * 5 eve  lab-b cedar PENDING                          0
 * </pre>
 *
 * By QoS: avery 8 + 8 = 16, birch 3, cedar 5. By account: lab-a 8 + 3 = 11, lab-b 8 + 5 = 13.
 */
class GroupSplitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CENTRE = Path.of("src/test/resources/groups/centre.sacct.txt");

  @TempDir Path dir;

  private Cli.Run parse(String config, String out, String... more) throws Exception {
    return parseFile(CENTRE.toAbsolutePath(), config, out, more);
  }

  /**
   * The rows sacct would give a query of one group: those whose column (3: Account, 4: QOS) names
   * it, with their steps (a step row follows its job and has the job's JobIDRaw before the dot).
   */
  private Path onlyGroup(int column, String group) throws Exception {
    List<String> lines = Files.readAllLines(CENTRE);
    List<String> kept = new ArrayList<>(List.of(lines.get(0)));
    java.util.Set<String> jobs = new java.util.HashSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\\|", -1);
      String job = f[1].split("\\.")[0];
      if (f[column].equals(group) || (f[2].isEmpty() && jobs.contains(job))) {
        jobs.add(job);
        kept.add(line);
      }
    }
    Path file = dir.resolve(group + ".sacct.txt");
    Files.write(file, kept);
    return file;
  }

  private Cli.Run parseFile(Path file, String config, String out, String... more) throws Exception {
    Files.writeString(dir.resolve(out + ".yaml"), config);
    List<String> args =
        new ArrayList<>(
            List.of(
                "parse", "--config", out + ".yaml", "--sacct-file", file.toString(), "--out", out));
    args.addAll(Cli.GROUPS_REPLAY);
    args.addAll(List.of(more));
    Cli.Run run = new Cli(dir).run(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    return run;
  }

  private TreeSet<String> groupsWritten(String out) throws Exception {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(out), "data_*.json")) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        names.add(n.substring("data_".length(), n.length() - ".json".length()));
      }
    }
    return names;
  }

  private double cpuHours(String out, String group) throws Exception {
    JsonNode d = JSON.readTree(dir.resolve(out).resolve("data_" + group + ".json").toFile());
    double sum = 0;
    for (JsonNode user : d.get("totals")) {
      sum += user.get("cpu_hours").asDouble();
    }
    return sum;
  }

  @Test
  void qosAllWritesExactlyTheQosTheFileNamesWithTheirHandCountedCpuHours() throws Exception {
    Cli.Run run = parse("qos: all\n", "all");
    assertEquals(new TreeSet<>(List.of("avery", "birch", "cedar")), groupsWritten("all"));
    assertEquals(16.0, cpuHours("all", "avery"), 1e-9); // 4×2 + 8×1
    assertEquals(3.0, cpuHours("all", "birch"), 1e-9); // 2×1.5
    assertEquals(5.0, cpuHours("all", "cedar"), 1e-9); // 1×5
    assertTrue(run.out().contains("avery: "), run.out());
  }

  @Test
  void accountsAllSplitsByAccount() throws Exception {
    parse("group_by: account\naccounts: all\n", "acc");
    assertEquals(new TreeSet<>(List.of("lab-a", "lab-b")), groupsWritten("acc"));
    assertEquals(11.0, cpuHours("acc", "lab-a"), 1e-9); // 4×2 + 2×1.5
    assertEquals(13.0, cpuHours("acc", "lab-b"), 1e-9); // 8×1 + 1×5
  }

  @Test
  void aGlobTakesOnlyTheGroupsItMatches() throws Exception {
    parse("qos: \"b*\"\n", "glob");
    assertEquals(new TreeSet<>(List.of("birch")), groupsWritten("glob"));
  }

  @Test
  void aNamedAccountWithoutRowsIsListedWithZero() throws Exception {
    parse("accounts:\n  - name: lab-a\n  - name: lab-c\n", "named");
    assertEquals(new TreeSet<>(List.of("lab-a", "lab-c")), groupsWritten("named"));
    assertEquals(11.0, cpuHours("named", "lab-a"), 1e-9);
    assertEquals(0.0, cpuHours("named", "lab-c"), 1e-9);
  }

  @Test
  void aGroupOfAnEarlierRunWithoutRowsNowIsWrittenWithZero() throws Exception {
    parse("qos: all\n", "all");
    assertEquals(3.0, cpuHours("all", "birch"), 1e-9);
    // The next window has avery's rows only: birch and cedar are still listed, with 0 CPU-hours.
    parseFile(onlyGroup(4, "avery"), "qos: all\n", "all");
    assertEquals(new TreeSet<>(List.of("avery", "birch", "cedar")), groupsWritten("all"));
    assertEquals(16.0, cpuHours("all", "avery"), 1e-9);
    assertEquals(0.0, cpuHours("all", "birch"), 1e-9);
    assertEquals(0.0, cpuHours("all", "cedar"), 1e-9);
  }

  @Test
  void theSplitEqualsAParseOfEachGroupAlone() throws Exception {
    parse("qos: all\n", "all");
    parse("group_by: account\naccounts: all\n", "acc");
    for (String q : List.of("avery", "birch", "cedar")) {
      parseFile(onlyGroup(4, q), "qos:\n  - name: " + q + "\n", "one-" + q);
      assertEquals(comparable("one-" + q, q), comparable("all", q), q);
    }
    for (String a : List.of("lab-a", "lab-b")) {
      parseFile(onlyGroup(3, a), "group_by: account\naccounts:\n  - name: " + a + "\n", "one-" + a);
      assertEquals(comparable("one-" + a, a), comparable("acc", a), a);
    }
  }

  /**
   * A group's data file without its metadata, which differs by what one pass read (rows read of the
   * whole file, the file's name).
   */
  private JsonNode comparable(String out, String group) throws Exception {
    JsonNode d = JSON.readTree(dir.resolve(out).resolve("data_" + group + ".json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) d).remove("metadata");
    return d;
  }
}
