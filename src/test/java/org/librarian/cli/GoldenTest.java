package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.librarian.testing.Cli;

/**
 * Whole-output cases: {@code golden/NAME/input.sacct.txt} and {@code args} (one argument a line) →
 * {@code expected.json}. A case without all three files fails.
 */
class GoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> cases() throws Exception {
    return Files.list(GOLDEN).filter(Files::isDirectory).sorted();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesExpectedJson(Path dir, @TempDir Path tmp) throws Exception {
    Path input = dir.resolve("input.sacct.txt");
    Path argsFile = dir.resolve("args");
    Path expectedFile = dir.resolve("expected.json");
    assertTrue(Files.isRegularFile(input) && Files.isRegularFile(argsFile) && Files.isRegularFile(expectedFile),
        dir + " needs input.sacct.txt, args and expected.json");
    List<String> args = new ArrayList<>(List.of("parse", "--sacct-file", input.toAbsolutePath().toString(),
        "--out", tmp.toString()));
    args.addAll(Files.readAllLines(argsFile).stream().filter(l -> !l.isBlank()).toList());
    Cli.Run run = new Cli(tmp).run(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    String qos = args.get(args.indexOf("--qos") + 1);
    JsonNode actual = JSON.readTree(tmp.resolve("data_" + qos + ".json").toFile());
    JsonNode expected = JSON.readTree(expectedFile.toFile());
    ((ObjectNode) actual.get("metadata")).put("generator", "IGNORED");
    assertEquals(expected.toPrettyString(), actual.toPrettyString());
  }
}
