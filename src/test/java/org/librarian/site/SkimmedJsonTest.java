package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkimmedJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object WHOLE = SkimmedJson.WHOLE;

  /** Skipped values hold every byte that could end a value early if read carelessly. */
  private static final String TEXT =
      "{\"skip\":[1,[2,{\"a\":\"]}\\\"[\"}],-3.5e2,\"\\\\\"],"
          + " \"keep\" : {\"x\": [1, 2.5, null], \"y\": \"q\\\"}\"} ,\n"
          + "\"part\":{\"in\":{\"deep\":true,\"no\":[0]},\"out\":\"}\",\"n\":7},"
          + "\"flat\":false,\"num\":12,\"str\":\"{[\",\"k\\u0065y\":1,\"last\":{}}";

  @Test
  void keptFieldsAreTheParsersOwnAndTheRestIsLeftOut() throws IOException {
    Map<String, Object> keep =
        Map.of(
            "keep", WHOLE,
            "part", Map.of("in", Map.of("deep", WHOLE), "n", WHOLE),
            "num", WHOLE,
            "key", WHOLE,
            "last", WHOLE,
            "flat", Map.of("x", WHOLE));
    var got = SkimmedJson.read(JSON, TEXT.getBytes(StandardCharsets.UTF_8), keep);
    assertEquals(
        JSON.readTree(
            "{\"keep\":{\"x\":[1,2.5,null],\"y\":\"q\\\"}\"},\"part\":{\"in\":{\"deep\":true},"
                + "\"n\":7},\"flat\":false,\"num\":12,\"key\":1,\"last\":{}}"),
        got);
  }

  @Test
  void aFileCutShortAnywhereIsAnErrorNeverAPartOfIt() {
    byte[] whole = TEXT.getBytes(StandardCharsets.UTF_8);
    Map<String, Object> keep = Map.of("num", WHOLE);
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(whole, n);
      assertThrows(IOException.class, () -> SkimmedJson.read(JSON, cut, keep), "cut at " + n);
    }
  }

  @Test
  void notAnObjectIsAnError() {
    assertThrows(
        IOException.class,
        () -> SkimmedJson.read(JSON, "[1]".getBytes(StandardCharsets.UTF_8), Map.of()));
  }
}
