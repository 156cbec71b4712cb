package org.librarian.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.config.NotifySettings;
import org.librarian.output.DataFile;
import org.librarian.output.HistoryArchiveReader;
import org.librarian.output.HistoryJson;

/**
 * The digests of a site's QoS for the last complete period: written into the site as
 * digest_&lt;qos&gt;.md and .html (both or neither), and queued once per period to the digest's
 * channels.
 */
public final class SiteDigests {
  private SiteDigests() {}

  /**
   * Queues the digest of each QoS whose last complete period was not sent yet, writes it into the
   * site (unless {@code dryRun}) and remembers the period in {@code state}.
   */
  static void queue(
      NotifySettings settings,
      Path site,
      NotifyState state,
      List<NotifyState.Pending> outbox,
      Map<String, DataFile> data,
      long now,
      boolean dryRun)
      throws IOException {
    for (DataFile d : data.values()) {
      Digest.Period p = Digest.lastPeriod(settings.digest().every(), now, d.zone());
      if (p.start().toString().equals(state.digestPeriod(d.qos()))) {
        continue;
      }
      Digest.Content c = Digest.of(d, p, previous(site, d, p));
      if (!dryRun) {
        write(site, c, settings.siteUrl());
      }
      String link = Digest.link(settings.siteUrl(), d.qos());
      Outbox.add(
          outbox,
          settings.digest().channels(),
          now,
          new Message(
              Outbox.id("digest|" + d.qos(), now),
              "digest",
              "digest " + settings.digest().every(),
              d.qos(),
              d.qos() + ": " + p.label() + " (librarian digest)",
              c.sentence(),
              DigestPage.html(c, settings.siteUrl()),
              c.rows().stream().mapToDouble(Digest.Row::cpuHours).sum(),
              null,
              "CPU-hours",
              IsoTime.of(p.from(), d.zone()),
              link));
      state.digestPeriod(d.qos(), p.start().toString());
    }
  }

  /** Writes digest_<qos>.html and .md into the site, both or neither. */
  public static void write(Path site, Digest.Content c, String siteUrl) throws IOException {
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    files.put(
        site.resolve(Digest.markdownName(c.qos())),
        o -> o.write(DigestPage.markdown(c, siteUrl).getBytes(StandardCharsets.UTF_8)));
    files.put(
        site.resolve(Digest.htmlName(c.qos())),
        o -> o.write(DigestPage.html(c, siteUrl).getBytes(StandardCharsets.UTF_8)));
    AtomicFile.writeAll(files);
  }

  /**
   * The digests of the last complete period, written into the site (for {@code run}, before it
   * publishes).
   */
  public static void writeAll(NotifySettings settings, Path site, long now) throws IOException {
    if (settings.digest() == null) {
      return;
    }
    for (DataFile d : DataFile.readAll(site, new ArrayList<>()).values()) {
      Digest.Period p = Digest.lastPeriod(settings.digest().every(), now, d.zone());
      write(site, Digest.of(d, p, previous(site, d, p)), settings.siteUrl());
    }
  }

  /**
   * The period before, per user, from the site's daily history; null when there is none that
   * reaches back.
   */
  static Map<String, Double> previous(Path site, DataFile d, Digest.Period p) {
    Path file = site.resolve(HistoryJson.fileName(d.qos()));
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Digest.previousFromHistory(
          HistoryArchiveReader.read(file, d.qos(), d.zone()).days(), p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
