package org.librarian.site;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.notify.Digest;
import org.librarian.output.QosFiles;
import org.librarian.output.UsageJson;

/**
 * Makes a directory of {@code data_<qos>.json} files (and their charts) a complete static site: the
 * dashboard page, Plotly, and {@code manifest.json}, which lists the datasets the page shows as
 * tabs. Nothing is fetched from the network, at build time or in the browser.
 */
public final class SiteAssembler {
  /**
   * The page's own files, packaged from {@code dashboard/} into the jar: the page, its style, and
   * its ES modules (app.js imports the others; no bundler), the panels in {@code panels/}.
   */
  public static final List<String> PAGE_FILES =
      List.of(
          "index.html",
          "style.css",
          "app.js",
          "state.js",
          "clock.js",
          "text.js",
          "time.js",
          "data.js",
          "url.js",
          "bands.js",
          "chart.js",
          "table.js",
          "csv.js",
          "panels.js",
          "panels/usage-chart.js",
          "panels/chart-legend.js",
          "panels/who-table.js",
          "panels/demand-headline.js",
          "panels/cluster-now.js",
          "panels/now-table.js",
          "panels/waiting-table.js",
          "panels/waiting-jobs.js",
          "panels/current-table.js",
          "panels/totals-table.js",
          "panels/efficiency-table.js",
          "panels/families.js",
          "panels/right-size.js",
          "panels/jobs.js",
          "panels/capacity.js",
          "panels/budget.js",
          "panels/wait-by-shape.js",
          "panels/fairshare.js",
          "panels/files-list.js",
          "panels/answer-cards.js",
          "sealed.js",
          "panels/unlock.js",
          "groups.html",
          "groups.js");

  public static final String PLOTLY_FILE = "plotly.js";
  public static final String MANIFEST = "manifest.json";
  private static final String PAGE_RESOURCES = "/org/librarian/dashboard/";

  /** Plotly's basic bundle and its licence, packaged by the build (see pom.xml). */
  private static final String PLOTLY_RESOURCE = "/org/librarian/plotly/plotly-basic.min.js";

  private static final String PLOTLY_LICENSE = "/org/librarian/plotly/LICENSE";
  public static final String PLOTLY_LICENSE_FILE = "plotly.LICENSE.txt";

  private SiteAssembler() {}

  /** One tab: a QoS, its data file and the chart files that exist beside it. */
  public record Dataset(String qos, String data, List<String> files) {}

  /**
   * Writes the page, Plotly and the manifest into {@code dir}; one tab per data file, in name
   * order, so the tabs stay put whichever QoS a run happened to parse.
   */
  public static List<Dataset> assemble(
      Path dir, Duration runInterval, Instant now, ZoneId zone, String generator)
      throws IOException {
    return assemble(dir, runInterval, now, zone, generator, PrivatePages.NONE, null);
  }

  /**
   * As above, with the groups of {@code pages} sealed first (docs/privacy.md): the manifest lists
   * them after the others, only as protected, with their sealed index. The index's row of each
   * group is kept in {@code indexSummaries} (null: none), so the next assembly reads only the data
   * files that changed.
   */
  public static List<Dataset> assemble(
      Path dir,
      Duration runInterval,
      Instant now,
      ZoneId zone,
      String generator,
      PrivatePages pages,
      Path indexSummaries)
      throws IOException {
    Files.createDirectories(dir);
    List<PrivatePages.Sealed> sealed = pages.seal(dir);
    for (String name : PAGE_FILES) {
      copyResource(PAGE_RESOURCES + name, dir.resolve(name));
    }
    copyResource(PLOTLY_RESOURCE, dir.resolve(PLOTLY_FILE));
    copyResource(PLOTLY_LICENSE, dir.resolve(PLOTLY_LICENSE_FILE));
    List<Dataset> datasets = datasets(dir);
    AtomicFile.write(
        dir.resolve(MANIFEST),
        out -> {
          try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema_version", 1);
            g.writeStringField("generated", IsoTime.of(now.getEpochSecond(), zone));
            g.writeStringField("generator", generator);
            g.writeNumberField("run_interval_seconds", runInterval.getSeconds());
            if (datasets.size() + sealed.size() > GroupIndex.MANY) {
              g.writeStringField("index_page", GroupIndex.PAGE); // many groups: open on the list
            }
            g.writeArrayFieldStart("datasets");
            for (Dataset d : datasets) {
              g.writeStartObject();
              g.writeStringField("qos", d.qos());
              g.writeStringField("data", d.data());
              g.writeFieldName("files");
              g.writeArray(d.files().toArray(String[]::new), 0, d.files().size());
              g.writeEndObject();
            }
            for (PrivatePages.Sealed p : sealed) {
              g.writeStartObject();
              g.writeStringField("qos", p.label());
              g.writeBooleanField("protected", true);
              g.writeBooleanField("name_shown", p.nameShown());
              g.writeStringField("sealed", p.index());
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          }
        });
    if (datasets.size() + sealed.size() > 1) {
      GroupIndex.write(dir, datasets, sealed, runInterval, now, zone, indexSummaries);
    } else {
      Files.deleteIfExists(dir.resolve(GroupIndex.FILE)); // one group: its page is the index
    }
    IndexRows.prune(indexSummaries, datasets); // rows of groups no longer in the site
    List<Dataset> all = new ArrayList<>(datasets);
    sealed.forEach(p -> all.add(new Dataset(p.label(), p.index(), List.of())));
    return all;
  }

  static List<Dataset> datasets(Path dir) throws IOException {
    TreeSet<String> found = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "data_*.json")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        found.add(name.substring("data_".length(), name.length() - ".json".length()));
      }
    }
    List<Dataset> datasets = new ArrayList<>();
    for (String qos : found) {
      List<String> names = new ArrayList<>(QosFiles.fileNames(qos));
      names.add(Digest.htmlName(qos));
      names.add(Digest.markdownName(qos));
      List<String> charts =
          names.stream().filter(n -> Files.isRegularFile(dir.resolve(n))).toList();
      datasets.add(new Dataset(qos, UsageJson.fileName(qos), charts));
    }
    return datasets;
  }

  /**
   * Copies a packaged file, leaving the target alone when it already has the same bytes (Plotly is
   * 11 MB).
   */
  private static void copyResource(String resource, Path target) throws IOException {
    byte[] bytes;
    try (InputStream in = SiteAssembler.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the jar lacks " + resource + "; rebuild it with mvn package");
      }
      bytes = in.readAllBytes();
    }
    if (Files.isRegularFile(target)
        && Files.size(target) == bytes.length
        && Arrays.equals(Files.readAllBytes(target), bytes)) {
      return;
    }
    AtomicFile.write(target, out -> out.write(bytes));
  }
}
