package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.usage.GroupBy;
import org.librarian.usage.QosLimits;

/** The sacct call of groups by account or of every group, and an account's limits from sacctmgr. */
class GroupQueryTest {
  private static SacctQuery query(List<String> names, GroupBy by) {
    return new SacctQuery(
        "sacct",
        names,
        Instant.parse("2026-11-20T07:00:00Z"),
        null,
        ZoneId.of("UTC"),
        null,
        Duration.ofMinutes(1),
        by);
  }

  @Test
  void everyQosIsOneCallForTheWholeClusterWithNoFilter() {
    List<String> argv =
        query(List.of(), new GroupBy(GroupBy.Key.QOS, List.of("*"))).command().argv();
    assertTrue(argv.contains("--allusers"), argv.toString());
    assertTrue(argv.stream().noneMatch(a -> a.startsWith("--qos")), argv.toString());
    assertTrue(argv.stream().noneMatch(a -> a.startsWith("--accounts")), argv.toString());
    assertEquals(
        List.of("every-qos"),
        query(List.of(), new GroupBy(GroupBy.Key.QOS, List.of("*"))).cacheKey());
  }

  @Test
  void namedAccountsGoAsOneAccountsArgument() {
    SacctQuery q = query(List.of("lab-a", "lab-b"), new GroupBy(GroupBy.Key.ACCOUNT, List.of()));
    assertTrue(
        q.command().argv().contains("--accounts=lab-a,lab-b"), q.command().argv().toString());
    assertTrue(q.command().argv().stream().noneMatch(a -> a.startsWith("--qos")));
    assertEquals(List.of("account-lab-a", "account-lab-b"), q.cacheKey());
  }

  @Test
  void noNameAndNoOpenSetIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> query(List.of(), GroupBy.QOS));
  }

  @Test
  void accountLimitsComeFromTheAccountsOwnAssociation() throws Exception {
    // Recorded: grp-rec|||cpu=24,gres/gpu=1,mem=64G (the account), grp-rec|ann|| (a user).
    String out =
        Files.readString(Path.of("src/test/resources/slurm-recorded/sacctmgr-assoc-grp-rec.txt"));
    QosLimits l = AssocLimitsLookup.parse("grp-rec", out);
    assertEquals(24.0, l.cpus());
    assertEquals(1.0, l.gpus());
    assertEquals(64.0, l.memoryGb()); // 64G = 64 × 1024 × 1024 KiB ÷ (1024 × 1024)
  }

  @Test
  void aUserRowAloneIsNoAccountLimit() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AssocLimitsLookup.parse("grp-rec", "grp-rec|ann||cpu=8\n"));
  }

  @Test
  void oneCallAsksForEveryAssociationAndNamesNoAccount() {
    assertEquals(
        List.of(
            "sacctmgr",
            "-P",
            "-n",
            "show",
            "assoc",
            "clusters=hpg",
            "format=Account,User,Partition,GrpTRES"),
        AssocLimitsLookup.commandAll("sacctmgr", "hpg", Duration.ofSeconds(5)).argv());
    assertEquals(
        List.of("sacctmgr", "-P", "-n", "show", "assoc", "format=Account,User,Partition,GrpTRES"),
        AssocLimitsLookup.commandAll("sacctmgr", null, Duration.ofSeconds(5)).argv());
  }
}
