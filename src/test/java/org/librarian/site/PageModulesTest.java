package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The page's ES modules (dashboard/ and dashboard/panels/): no module imports one that imports it
 * back, however far round; only the state module holds the page's state; every panel file is
 * registered, and every module is copied into the site.
 */
class PageModulesTest {
  static final Path PAGE = Path.of("dashboard");
  private static final Pattern IMPORT =
      Pattern.compile("^\\s*import\\s[^;]*?from\\s+\"(\\.{1,2}/[^\"]+)\"", Pattern.MULTILINE);

  /** A write to a field of a shared object called "state", or a change of a collection in it. */
  private static final Pattern STATE_WRITE =
      Pattern.compile(
          "\\bstate\\.[A-Za-z_$][\\w$]*(\\[[^\\]]*\\]|\\.[A-Za-z_$][\\w$]*)*\\s*(=(?!=)|\\+=|-=|\\+\\+)"
              + "|\\bstate\\.[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*\\.(push|add|delete|splice|clear)\\(");

  /** A read of the browser's clock: Date.now(), or new Date() without an argument. */
  private static final Pattern CLOCK_READ =
      Pattern.compile("\\bDate\\.now\\s*\\(|\\bnew\\s+Date\\s*\\(\\s*\\)");

  /** Module name (relative to dashboard/) → the modules it imports. */
  static Map<String, List<String>> imports(Path page) throws IOException {
    Map<String, List<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(page)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".js")).sorted().toList()) {
        String name = page.relativize(file).toString().replace('\\', '/');
        List<String> targets = new ArrayList<>();
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          targets.add(
              page.relativize(file.getParent().resolve(m.group(1)).normalize())
                  .toString()
                  .replace('\\', '/'));
        }
        graph.put(name, targets);
      }
    }
    return graph;
  }

  /** The first import cycle found, as "a.js → b.js → a.js", or null. */
  static String cycle(Map<String, List<String>> graph) {
    Map<String, Integer> mark = new LinkedHashMap<>(); // 1: on the current path, 2: done
    for (String start : graph.keySet()) {
      List<String> path = new ArrayList<>();
      String found = visit(start, graph, mark, path);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String visit(
      String node, Map<String, List<String>> graph, Map<String, Integer> mark, List<String> path) {
    Integer m = mark.get(node);
    if (m != null && m == 2) {
      return null;
    }
    path.add(node);
    if (m != null && m == 1) {
      return String.join(" → ", path.subList(path.indexOf(node), path.size()));
    }
    mark.put(node, 1);
    for (String next : graph.getOrDefault(node, List.of())) {
      String found = visit(next, graph, mark, path);
      if (found != null) {
        return found;
      }
    }
    mark.put(node, 2);
    path.remove(path.size() - 1);
    return null;
  }

  @Test
  void noPageModuleImportsOneThatImportsItBack() throws IOException {
    Map<String, List<String>> graph = imports(PAGE);
    assertTrue(graph.containsKey("app.js"), "no dashboard/app.js under " + PAGE.toAbsolutePath());
    for (Map.Entry<String, List<String>> e : graph.entrySet()) {
      for (String target : e.getValue()) {
        assertTrue(
            graph.containsKey(target),
            e.getKey() + " imports " + target + ", which does not exist");
      }
    }
    assertEquals(null, cycle(graph), "an import cycle among dashboard/*.js");
  }

  /** The checker itself: a cycle three modules round is found; a diamond is not a cycle. */
  @Test
  void theCheckerFindsACycleAndPassesADiamond() {
    assertEquals(
        "a.js → b.js → c.js → a.js",
        cycle(
            new TreeMap<>(
                Map.of(
                    "a.js", List.of("b.js"), "b.js", List.of("c.js"), "c.js", List.of("a.js")))));
    assertEquals(
        null,
        cycle(
            Map.of(
                "a.js",
                List.of("b.js", "c.js"),
                "b.js",
                List.of("d.js"),
                "c.js",
                List.of("d.js"),
                "d.js",
                List.of())));
  }

  @Test
  void onlyTheStateModuleWritesThePageState() throws IOException {
    assertEquals(
        List.of(),
        linesMatching(STATE_WRITE, "state.js"),
        "modules other than state.js that write the state (use set() instead)");
  }

  /**
   * Every line of the page's modules but {@code owner} that {@code p} finds, as file:line: text.
   */
  private static List<String> linesMatching(Pattern p, String owner) throws IOException {
    List<String> found = new ArrayList<>();
    for (String name : imports(PAGE).keySet()) {
      if (name.equals(owner)) {
        continue;
      }
      String[] lines = Files.readString(PAGE.resolve(name)).split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (p.matcher(lines[i]).find()) {
          found.add(name + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    return found;
  }

  /**
   * A panel is one file plus one line in panels.js; the site gets every module the page imports.
   */
  @Test
  void everyPanelIsRegisteredAndEveryModuleIsCopiedIntoTheSite() throws IOException {
    Map<String, List<String>> graph = imports(PAGE);
    for (String name : graph.keySet()) {
      if (name.startsWith("panels/")) {
        assertTrue(graph.get("panels.js").contains(name), name + " is not registered in panels.js");
      }
      assertTrue(
          SiteAssembler.PAGE_FILES.contains(name), name + " is not in SiteAssembler.PAGE_FILES");
    }
  }

  /** Every "now" on the page comes from clock.js, which a test can fix (window.librarianNow). */
  @Test
  void onlyTheClockModuleReadsTheBrowsersClock() throws IOException {
    assertEquals(
        List.of(),
        linesMatching(CLOCK_READ, "clock.js"),
        "modules other than clock.js that read the clock (use now())");
    assertTrue(CLOCK_READ.matcher("const t = Date.now();").find());
    assertTrue(CLOCK_READ.matcher("const d = new Date( );").find());
    assertFalse(CLOCK_READ.matcher("new Date(ms); Date.parse(s)").find());
  }
}
