package org.librarian.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * A YAML document as maps, lists and scalars, each with the line it starts on, read with Jackson's
 * streaming YAML parser. The configuration is a handful of keys: walking the tokens costs a few
 * classes, where data binding would first build its whole deserializer machinery (a fifth of a
 * second of every command's start). Anchors ({@code &a}) and aliases ({@code *a}) are refused with
 * their line: the parser hands an alias over as the plain text of its name, so {@code hide_users:
 * [*a]} would hide a user called "a".
 */
record YamlNode(Kind kind, Map<String, YamlNode> map, List<YamlNode> list, String text, int line) {
  enum Kind {
    MAP,
    LIST,
    TEXT,
    NUMBER,
    BOOLEAN,
    NULL
  }

  private static final YAMLFactory YAML = new YAMLFactory();

  /** The document's top node; a NULL node for an empty document. */
  static YamlNode parse(String document) throws IOException, ConfigException {
    try (JsonParser p = YAML.createParser(document)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new YamlNode(Kind.NULL, null, null, null, 1);
      }
      YamlNode root = read(p);
      if (p.nextToken() != null) {
        throw new JsonProcessingExceptionAt("more than one document", p);
      }
      refuseAnchorsAndAliases(document);
      return root;
    }
  }

  private static YamlNode read(JsonParser p) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        {
          Map<String, YamlNode> map = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = p.currentTokenLocation().getLineNr();
            p.nextToken();
            YamlNode value = read(p);
            // An entry carries its key's line: that is where a message about it should point.
            map.put(key, new YamlNode(value.kind, value.map, value.list, value.text, keyLine));
          }
          return new YamlNode(Kind.MAP, Collections.unmodifiableMap(map), null, null, line);
        }
      case START_ARRAY:
        {
          List<YamlNode> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(read(p));
          }
          return new YamlNode(Kind.LIST, null, List.copyOf(list), null, line);
        }
      case VALUE_STRING:
        return new YamlNode(Kind.TEXT, null, null, p.getText(), line);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new YamlNode(Kind.NUMBER, null, null, p.getText(), line);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlNode(Kind.BOOLEAN, null, null, p.getText(), line);
      case VALUE_NULL:
        return new YamlNode(Kind.NULL, null, null, null, line);
      default:
        throw new JsonProcessingExceptionAt("unexpected " + t, p);
    }
  }

  /**
   * Refuses the first anchor or alias, naming its line. Jackson hands over an alias as its name's
   * text and drops a scalar's anchor, so the events are read again with SnakeYAML, the parser under
   * it.
   */
  private static void refuseAnchorsAndAliases(String document) throws ConfigException {
    for (Event e : new Yaml().parse(new StringReader(document))) {
      String what = null;
      if (e instanceof AliasEvent alias) {
        what = "'*" + alias.getAnchor() + "' is a YAML alias";
      } else if (e instanceof NodeEvent node && node.getAnchor() != null) {
        what = "'&" + node.getAnchor() + "' is a YAML anchor";
      }
      if (what != null) {
        throw new ConfigException(
            "line "
                + (e.getStartMark().getLine() + 1)
                + ": "
                + what
                + "; anchors and aliases are not accepted in librarian.yaml: write the value out");
      }
    }
  }

  boolean isNull() {
    return kind == Kind.NULL;
  }

  boolean isScalar() {
    return kind == Kind.TEXT || kind == Kind.NUMBER || kind == Kind.BOOLEAN;
  }

  /** A parse error at the parser's position. */
  private static final class JsonProcessingExceptionAt extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    JsonProcessingExceptionAt(String message, JsonParser p) {
      super(message, p.currentTokenLocation());
    }
  }
}
