package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.usage.GroupBy;
import org.librarian.usage.QosLimits;

class SacctQueryTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");

  @Test
  void rollingWindowArguments() {
    SacctQuery q =
        new SacctQuery(
            "sacct",
            List.of("avery-b"),
            Instant.parse("2026-10-21T17:00:00Z"),
            null,
            NY,
            null,
            Duration.ofMinutes(10),
            GroupBy.QOS);
    Command c = q.command();
    assertEquals(
        List.of(
            "sacct",
            "--allusers",
            "--duplicates",
            "--parsable2",
            "--delimiter=\u001f", // the unit separator: no job name can hold it
            "--qos=avery-b",
            "--starttime=2026-10-21T13:00:00",
            "--format=JobID,JobIDRaw,User,Account,QOS,State,Submit,Start,End,ElapsedRaw,NCPUS,NNodes,ReqMem,AllocTRES,"
                + "TotalCPU,MaxRSS,TRESUsageInTot,TRESUsageInAve,Eligible,ReqCPUS,ReqTRES,Reason,Partition,"
                + "JobName,NTasks,TimelimitRaw"),
        c.argv());
    assertEquals(Map.of("SLURM_TIME_FORMAT", "%s", "TZ", "America/New_York"), c.environment());
    assertEquals(Duration.ofMinutes(10), c.timeout());
  }

  @Test
  void fixedRangeAndCluster() {
    SacctQuery q =
        new SacctQuery(
            "/opt/slurm/bin/sacct",
            List.of("avery", "avery-b"),
            Instant.parse("2026-10-01T04:00:00Z"),
            Instant.parse("2026-11-01T04:00:00Z"),
            NY,
            "hpg2",
            Duration.ofMinutes(1),
            GroupBy.QOS);
    List<String> argv = q.command().argv();
    assertEquals("/opt/slurm/bin/sacct", argv.get(0));
    assertEquals("--qos=avery,avery-b", argv.get(5));
    assertEquals("--starttime=2026-10-01T00:00:00", argv.get(6));
    assertEquals("--endtime=2026-11-01T00:00:00", argv.get(7));
    // One argument: a cluster name can never reach sacct as an option of its own.
    assertEquals("--clusters=hpg2", argv.get(argv.size() - 1));
  }

  @Test
  void displayQuotesWhatAShellWouldSplit() {
    Command c =
        new Command(
            List.of("sacct", "--format=a b", "it's"), Map.of(), Duration.ofSeconds(1), null);
    assertEquals("sacct '--format=a b' 'it'\\''s'", c.display());
    // A control character (sacct's delimiter) in bash's $'...' form, visible and pasteable.
    Command d =
        new Command(
            List.of("sacct", "--delimiter=\u001f", "a'b\u001f"),
            Map.of(),
            Duration.ofSeconds(1),
            null);
    assertEquals("sacct $'--delimiter=\\x1f' $'a\\'b\\x1f'", d.display());
  }

  @Test
  void limitsFromSacctmgr() {
    assertEquals(
        List.of("sacctmgr", "-P", "-n", "show", "qos", "format=Name,GrpTRES"),
        QosLimitsLookup.commandAll("sacctmgr", Duration.ofSeconds(30)).argv());
    assertEquals(
        new QosLimits(48, 3, 200, 0),
        QosLimitsLookup.parse("avery", "avery|cpu=48,gres/gpu=3,mem=200G\n"));
    assertEquals(
        new QosLimits(0, 0, 4000 / 1024.0, 0),
        QosLimitsLookup.parse("b", "a|cpu=1\nb|mem=4000M\n"));
    assertEquals(QosLimits.NONE, QosLimitsLookup.parse("avery-b", "avery-b|\n"));
    assertThrows(
        IllegalArgumentException.class, () -> QosLimitsLookup.parse("x", "avery|cpu=48\n"));
  }
}
