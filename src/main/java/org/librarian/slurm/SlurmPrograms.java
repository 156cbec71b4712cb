package org.librarian.slurm;

/** The names of the Slurm programs librarian runs; the only place they are spelled. */
public final class SlurmPrograms {
  public static final String SACCT = "sacct";
  public static final String SACCTMGR = "sacctmgr";
  public static final String SQUEUE = "squeue";
  public static final String SINFO = "sinfo";
  public static final String SCONTROL = "scontrol";
  public static final String SCANCEL = "scancel";
  public static final String SCRONTAB = "scrontab";
  public static final String SSHARE = "sshare";

  private SlurmPrograms() {}
}
