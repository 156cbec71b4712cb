package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

class SiteAssemblerTest {
  @TempDir Path dir;

  @Test
  void manifestListsEveryDataFileInNameOrderWithTheChartsBesideIt() throws Exception {
    Files.writeString(dir.resolve("data_zeta.json"), "{}");
    Files.writeString(dir.resolve("data_alpha.json"), "{}");
    Files.writeString(dir.resolve("NCPUS_alpha.png"), "png");
    Files.writeString(dir.resolve("NJOBS_alpha.pdf"), "pdf");
    Files.writeString(dir.resolve("report_alpha.pdf"), "pdf");
    Files.writeString(dir.resolve("NCPUS_other.png"), "not a dataset of ours");

    SiteAssembler.assemble(
        dir,
        Duration.ofMinutes(15),
        Instant.parse("2026-11-20T12:30:00Z"),
        ZoneId.of("America/New_York"),
        "librarian test");

    JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    assertEquals(900, m.get("run_interval_seconds").asInt());
    assertEquals("2026-11-20T07:30:00-05:00", m.get("generated").asText());
    assertEquals("alpha", m.get("datasets").get(0).get("qos").asText());
    assertEquals("data_alpha.json", m.get("datasets").get(0).get("data").asText());
    assertEquals(
        "[\"NCPUS_alpha.png\",\"NJOBS_alpha.pdf\",\"report_alpha.pdf\"]",
        m.get("datasets").get(0).get("files").toString());
    assertEquals("zeta", m.get("datasets").get(1).get("qos").asText());
    assertEquals(0, m.get("datasets").get(1).get("files").size());
    assertEquals(2, m.get("datasets").size());
    for (String page : SiteAssembler.PAGE_FILES) {
      assertTrue(Files.size(dir.resolve(page)) > 500, page); // the real file, not an empty one
    }
    assertTrue(
        Files.readString(dir.resolve("index.html"))
            .contains("<script src=\"plotly.js\"></script>"));
    // Plotly's basic bundle itself (about 1.1 MB, not a CDN loader, not the 11 MB full bundle), and
    // its licence.
    assertTrue(
        Files.size(dir.resolve("plotly.js")) > 1_000_000
            && Files.size(dir.resolve("plotly.js")) < 4_000_000,
        Files.size(dir.resolve("plotly.js")) + " bytes");
    assertTrue(
        Files.readString(dir.resolve("plotly.js"))
            .startsWith("/**\n* plotly.js (basic - minified) v3.3.1"),
        Files.readString(dir.resolve("plotly.js")).substring(0, 60));
    assertTrue(Files.readString(dir.resolve("plotly.LICENSE.txt")).contains("MIT"));
  }

  @Test
  void anUnchangedPlotlyIsNotRewritten() throws Exception {
    SiteAssembler.assemble(dir, Duration.ofMinutes(10), Instant.EPOCH, ZoneId.of("UTC"), "t");
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(dir.resolve("plotly.js"), old);
    SiteAssembler.assemble(dir, Duration.ofMinutes(10), Instant.EPOCH, ZoneId.of("UTC"), "t");
    assertEquals(old, Files.getLastModifiedTime(dir.resolve("plotly.js")));
  }

  @Test
  void serverServesOnlyFilesUnderTheSite() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    Files.writeString(dir.resolve("data_a.json"), "{\"a\": 1}");
    Files.writeString(dir.getParent().resolve("secret.txt"), "secret");
    HttpClient client = HttpClient.newHttpClient();
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0)) {
      URI base = server.uri();
      assertTrue(base.toString().startsWith("http://127.0.0.1:"), base.toString());
      HttpResponse<String> index =
          client.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, index.statusCode());
      assertEquals("<p>hi</p>", index.body());
      assertEquals(
          "text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
      HttpResponse<String> data =
          client.send(
              HttpRequest.newBuilder(base.resolve("data_a.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals("application/json", data.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("no-cache", data.headers().firstValue("Cache-Control").orElseThrow());
      for (String path : new String[] {"missing.json", "..%2Fsecret.txt", "%2e%2e/secret.txt"}) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), path);
      }
      HttpResponse<String> post =
          client.send(
              HttpRequest.newBuilder(base).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
    }
  }

  @Test
  void serverNeverFollowsALinkOutOfTheSiteNorServesDotfilesOrTemporaryFiles() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    Path outside = Files.createDirectories(dir.getParent().resolve("etc"));
    Files.writeString(outside.resolve("shadow"), "root:secret");
    Files.createSymbolicLink(dir.resolve("etcdir"), outside);
    Files.createSymbolicLink(dir.resolve("shadow.txt"), outside.resolve("shadow"));
    Files.writeString(dir.resolve(".data_a.json.123.456.tmp"), "{half");
    Files.writeString(dir.resolve(".htpasswd"), "user:hash");
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), "[core]");
    Files.writeString(dir.resolve("data_b.json"), "{}");
    Files.createSymbolicLink(dir.resolve("latest.json"), dir.resolve("data_b.json"));
    HttpClient client = HttpClient.newHttpClient();
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0)) {
      for (String path :
          new String[] {
            "etcdir/shadow", "shadow.txt", ".data_a.json.123.456.tmp", ".htpasswd", ".git/config"
          }) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(server.uri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), path);
      }
      HttpResponse<String> inside =
          client.send(
              HttpRequest.newBuilder(URI.create(server.uri() + "latest.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, inside.statusCode(), "a link that stays inside the site is served");
    }
  }

  @Test
  void siteCommandBuildsAroundExistingDataAndServeRefusesADirectoryWithoutAPage() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/data_q.json"), "{}");
    Cli.Run run = new Cli(dir).run("site", "--out", "out");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out().startsWith("site written to " + dir.resolve("out") + " (1 QoS)"), run.out());
    assertTrue(Files.isRegularFile(dir.resolve("out/manifest.json")));

    Cli.Run empty = new Cli(dir).run("site", "--out", "empty");
    assertEquals(0, empty.code());
    assertTrue(empty.err().contains("no data_<qos>.json in"), empty.err());

    Cli.Run serve = new Cli(dir).run("serve", "nothing-here");
    assertEquals(2, serve.code());
    assertEquals(
        "librarian: nothing-here holds no index.html; build a site first (librarian demo, or librarian site --out nothing-here)\n",
        serve.err());
  }
}
