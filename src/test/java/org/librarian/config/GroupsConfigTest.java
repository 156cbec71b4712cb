package org.librarian.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.usage.GroupBy;

/** group_by, qos: all, accounts: as librarian.yaml gives them, and the errors that name a line. */
class GroupsConfigTest {
  @TempDir Path dir;

  private Settings load(String yaml) throws Exception {
    Files.writeString(dir.resolve("librarian.yaml"), yaml);
    return new SettingsLoader(Map.of("HOME", dir.toString()), dir).load(null, Overrides.NONE);
  }

  private String error(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
  }

  @Test
  void qosIsTheDefaultAndANamedListIsClosed() throws Exception {
    Settings s = load("qos:\n  - name: avery\n");
    assertEquals(GroupBy.QOS, s.groups());
    assertEquals(List.of("avery"), s.qos().stream().map(QosSpec::name).toList());
  }

  @Test
  void qosAllIsEveryQosOfTheRows() throws Exception {
    Settings s = load("qos: all\n");
    assertEquals(new GroupBy(GroupBy.Key.QOS, List.of("*")), s.groups());
    assertTrue(s.qos().isEmpty());
    assertTrue(s.hasGroups());
  }

  @Test
  void accountsAloneMeanGroupByAccountWithTheirLimits() throws Exception {
    Settings s = load("accounts:\n  - name: lab-a\n    limits: {cpus: 48}\n  - name: lab-b\n");
    assertEquals(GroupBy.Key.ACCOUNT, s.groups().key());
    assertEquals(48.0, s.qos().get(0).limits().cpus());
    assertEquals(null, s.qos().get(1).limits());
  }

  @Test
  void aGlobOfAccounts() throws Exception {
    Settings s = load("group_by: account\naccounts: lab-*\n");
    assertEquals(new GroupBy(GroupBy.Key.ACCOUNT, List.of("lab-*")), s.groups());
    assertTrue(s.groups().admits("LAB-a"));
    assertTrue(!s.groups().admits("avery"));
  }

  @Test
  void badGroupByNamesItsLine() {
    assertEquals(
        dir.resolve("librarian.yaml")
            + ": line 2: group_by must be qos or account, not 'partition'",
        error("qos: all\ngroup_by: partition\n"));
  }

  @Test
  void qosEntriesUnderGroupByAccountAreRefused() {
    assertEquals(
        dir.resolve("librarian.yaml")
            + ": line 1: group_by is account: list the accounts under 'accounts:', not 'qos:'",
        error("group_by: account\nqos:\n  - name: avery\n"));
  }

  @Test
  void accountsUnderGroupByQosAreRefused() {
    assertEquals(
        dir.resolve("librarian.yaml")
            + ": line 2: accounts: needs group_by: account (group_by is qos)",
        error("group_by: qos\naccounts: all\n"));
  }

  @Test
  void aWordThatIsNoGlobIsRefused() {
    assertEquals(
        dir.resolve("librarian.yaml")
            + ": line 1: qos must be a list of entries with a name, 'all' or a glob such as lab-*,"
            + " not '-all'",
        error("qos: \"-all\"\n"));
  }

  @Test
  void aBadGroupByExitsWith2AndTheLine() throws Exception {
    Files.writeString(dir.resolve("librarian.yaml"), "group_by: user\nqos: all\n");
    Cli.Run run =
        new Cli(dir)
            .run("parse", "--sacct-file", dir.resolve("none.txt").toString(), "--out", "site");
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("line 1: group_by must be qos or account, not 'user'"), run.err());
  }
}
