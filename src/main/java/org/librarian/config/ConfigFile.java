package org.librarian.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** librarian.yaml as written; {@link SettingsLoader} validates it and merges environment and flags. */
final class ConfigFile {
  @JsonProperty public String timezone;
  @JsonProperty public String window;
  @JsonProperty public String resolution;
  @JsonProperty public String output;
  @JsonProperty public String cluster;
  @JsonProperty public String sacct;
  @JsonProperty public String sacctmgr;
  @JsonProperty("sacct_timeout") public String sacctTimeout;
  @JsonProperty public List<Qos> qos;
  @JsonProperty("run_interval") public String runInterval;
  @JsonProperty("state_dir") public String stateDir;
  @JsonProperty("log_dir") public String logDir;
  @JsonProperty public Deploy deploy;
  @JsonProperty public Watchdog watchdog;

  static final class Deploy {
    @JsonProperty public String repo;
    @JsonProperty public String branch;
    @JsonProperty("keep_history") public Boolean keepHistory;
    @JsonProperty("copy_to") public List<String> copyTo;
    @JsonProperty public String git;
    @JsonProperty public String timeout;
  }

  static final class Watchdog {
    @JsonProperty("release_wait") public String releaseWait;
  }

  static final class Qos {
    @JsonProperty public String name;
    /** {@code auto} (ask sacctmgr), or a map of cpus, gpus, memory_gb, jobs. */
    @JsonProperty public JsonNode limits;
  }
}
