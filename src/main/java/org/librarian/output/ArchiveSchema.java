package org.librarian.output;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/**
 * The job archive's columns, version {@link #VERSION} (docs/archive.md says what each holds). A
 * column is only ever added at the end, with the version raised; none is renamed or retyped, so
 * files of every version are read together ({@code union_by_name}).
 */
final class ArchiveSchema {
  /** The version every row carries in {@code schema_version}. */
  static final int VERSION = 1;

  /** The datasets' directories under the archive. */
  static final String JOBS = "jobs";

  static final String DAILY = "daily";

  /** One row per finished run, in file order; {@code month} is the partition, not a column. */
  static final String JOB_STAGING =
      String.join(
          ", ",
          "schema_version INTEGER",
          "cluster VARCHAR",
          "job_id VARCHAR",
          "user_name VARCHAR",
          "account VARCHAR",
          "qos VARCHAR",
          "partition VARCHAR",
          "state VARCHAR",
          "submit_time TIMESTAMPTZ",
          "eligible_time TIMESTAMPTZ",
          "start_time TIMESTAMPTZ",
          "end_time TIMESTAMPTZ",
          "wait_seconds BIGINT",
          "elapsed_seconds BIGINT",
          "cpus BIGINT",
          "gpus BIGINT",
          "memory_bytes BIGINT",
          "cpu_seconds BIGINT",
          "gpu_seconds BIGINT",
          "cpu_used_seconds DOUBLE",
          "peak_memory_bytes BIGINT",
          "month VARCHAR");

  /** One row per QoS, whole day and user. */
  static final String DAY_STAGING =
      String.join(
          ", ",
          "schema_version INTEGER",
          "cluster VARCHAR",
          "qos VARCHAR",
          "date DATE",
          "day_start TIMESTAMPTZ",
          "day_seconds BIGINT",
          "timezone VARCHAR",
          "user_name VARCHAR",
          "cpus DOUBLE",
          "gpus DOUBLE",
          "memory_gb DOUBLE",
          "jobs DOUBLE",
          "cpus_waiting_at_limit DOUBLE",
          "gpus_waiting_at_limit DOUBLE",
          "month VARCHAR");

  /** A run already archived: the same cluster, JobID and Start (e: the files, s: the new rows). */
  static final String JOB_KEY =
      "e.cluster IS NOT DISTINCT FROM s.cluster AND e.job_id = s.job_id"
          + " AND e.start_time IS NOT DISTINCT FROM s.start_time";

  /** A day already archived: the same cluster, QoS and date. */
  static final String DAY_KEY =
      "e.cluster IS NOT DISTINCT FROM s.cluster AND e.qos = s.qos AND e.date = s.date";

  private ArchiveSchema() {}

  /** The partition of a run: the month (UTC) it ended in. */
  static String month(OffsetDateTime utc) {
    return YearMonth.from(utc).toString();
  }

  /** The partition of a day: its month. */
  static String month(LocalDate date) {
    return YearMonth.from(date).toString();
  }
}
