package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;

/**
 * privacy: {pseudonymize: true, hide_users: [quixote]}: no real name in any file of the site (PDF
 * text included: JSON, charts, report, page, digest, history, status.json); the same pseudonyms on
 * the next run; the mapping for the admin in STATE_DIR, outside the site.
 */
class PrivacyTest {
  static final long DAY = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
  static final long H = 3600;
  static final List<String> REAL = List.of("zebulon", "quixote", "marguerite", "evil");

  @TempDir Path tmp;

  @Test
  void aPseudonymizedSiteHoldsNoRealNameAndKeepsItsPseudonyms() throws Exception {
    FakeAccounting sacct = new FakeAccounting();
    sacct.add("1", "zebulon", "avery", "COMPLETED", DAY - 5 * 86_400, DAY - 4 * 86_400, 16)
        .add("2", "quixote", "avery", "COMPLETED", DAY - 3 * 86_400, DAY - 86_400, 8)
        .add("3", "marguerite", "avery", "COMPLETED", DAY + 8 * H, DAY + 11 * H, 4);
    // A row whose user name has a control character: skipped, and said in status.json without the name.
    sacct.extra.add("9|9|evil\u0001name|lab|avery|COMPLETED|" + (DAY + H) + "|" + (DAY + H) + "|" + (DAY + 2 * H)
        + "|3600|1|1|1G|cpu=1,mem=1G,node=1");
    try (Receiver receiver = new Receiver()) {
      Files.writeString(tmp.resolve("librarian.yaml"), String.join("\n", "timezone: UTC", "output: site",
          "state_dir: state", "log_dir: logs", "qos:", "  - name: avery", "    limits: {cpus: 48}",
          "privacy:", "  pseudonymize: true", "  hide_users: [quixote]",
          "alerts:", "  channels:", "    ops: {type: webhook, url: \"" + receiver.url("/hook") + "\"}",
          "digest:", "  every: weekly", "  channels: [ops]", ""));
      Instant noon = Instant.parse("2026-11-20T12:00:00Z");
      sacct.now = noon;
      Cli.Run first = new Cli(tmp).programs("sacct").runner(sacct).clock(noon).run("run");
      assertEquals(0, first.code(), first.err());
      JsonNode data = SiteFixture.JSON.readTree(tmp.resolve("site/data_avery.json").toFile());
      List<String> users = new ArrayList<>();
      data.get("users").forEach(u -> users.add(u.asText()));
      assertEquals(3, users.size(), users.toString());
      assertTrue(users.contains("others"), users.toString());
      assertEquals(2, users.stream().filter(u -> u.matches("user-[0-9a-f]{4}")).count(), users.toString());

      int files = 0;
      int pdfs = 0;
      try (Stream<Path> walk = Files.walk(tmp.resolve("site"))) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          if (f.toString().endsWith(".pdf")) {
            PdfReader pdf = new PdfReader(f.toString());
            StringBuilder all = new StringBuilder();
            for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
              all.append(new PdfTextExtractor(pdf).getTextFromPage(p));
            }
            text += all;
            pdfs++;
            if (f.getFileName().toString().equals("report_avery.pdf")) {
              assertTrue(all.toString().contains(users.get(0)), "the report names users by pseudonym");
            }
          }
          for (String real : REAL) {
            assertFalse(text.contains(real), real + " in " + f);
          }
          files++;
        }
      }
      assertTrue(files >= 15 && pdfs >= 5, files + " files, " + pdfs + " PDFs");
      assertTrue(Files.isRegularFile(tmp.resolve("site/history_avery.json")));
      assertTrue(Files.isRegularFile(tmp.resolve("site/digest_avery.html")));
      JsonNode status = SiteFixture.JSON.readTree(tmp.resolve("site/status.json").toFile());
      assertTrue(status.at("/qos/0/problems/0").asText().contains("User (not shown) has a control character"),
          status.toString());

      String mapping = Files.readString(tmp.resolve("state/privacy/pseudonyms.tsv"));
      for (String u : List.of("zebulon", "marguerite")) {
        assertTrue(mapping.contains(u + "\tuser-"), mapping);
      }
      assertFalse(mapping.contains("quixote"), "a hidden user has no pseudonym: " + mapping);

      Instant later = noon.plusSeconds(600);
      sacct.now = later;
      Cli.Run second = new Cli(tmp).programs("sacct").runner(sacct).clock(later).run("run", "--no-plots");
      assertEquals(0, second.code(), second.err());
      JsonNode again = SiteFixture.JSON.readTree(tmp.resolve("site/data_avery.json").toFile());
      assertEquals(data.get("users"), again.get("users"), "the same pseudonyms");
    }
  }
}
