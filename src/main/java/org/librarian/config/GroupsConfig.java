package org.librarian.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.librarian.usage.GroupBy;

/**
 * The groups librarian.yaml names: {@code group_by: qos | account} (qos when not given; an {@code
 * accounts:} section alone means account), and under {@code qos:} or {@code accounts:} either a
 * list of entries with a name and limits, or one word: {@code all} or a glob such as {@code lab-*}
 * (every group of that kind the rows name that matches).
 */
final class GroupsConfig {
  private GroupsConfig() {}

  /** A glob: a group name with {@code *} and {@code ?}. */
  private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_*?][A-Za-z0-9._*?-]*");

  /** What the file says: the kind and patterns, and the groups named with their limits. */
  record Groups(GroupBy by, Map<String, QosSpec> named) {}

  static Groups read(ConfigFile file, String where) throws ConfigException {
    GroupBy.Key key = key(file, where);
    if (key == GroupBy.Key.ACCOUNT && (file.qos != null || file.qosText != null)) {
      throw new ConfigException(
          where
              + "line "
              + (file.groupBy != null ? file.groupBy : file.accounts).line()
              + ": group_by is account: list the accounts under 'accounts:', not 'qos:'");
    }
    if (key == GroupBy.Key.QOS && file.accounts != null && !file.accounts.isNull()) {
      throw new ConfigException(
          where
              + "line "
              + file.accounts.line()
              + ": accounts: needs group_by: account (group_by is qos)");
    }
    YamlNode word = key == GroupBy.Key.QOS ? file.qosText : scalarOrNull(file.accounts);
    String section = key.word.equals("qos") ? "qos" : "accounts";
    if (word != null) {
      String text = ConfigFile.text(word, where, section);
      boolean all = text.equalsIgnoreCase("all");
      if (!all && !(GLOB.matcher(text).matches() && text.matches(".*[*?].*"))) {
        throw new ConfigException(
            where
                + "line "
                + word.line()
                + ": "
                + section
                + " must be a list of entries with a name, 'all' or a glob such as lab-*, not '"
                + text
                + "'");
      }
      return new Groups(new GroupBy(key, List.of(all ? "*" : text)), Map.of());
    }
    List<ConfigFile.Qos> entries =
        key == GroupBy.Key.QOS
            ? file.qos
            : file.accounts == null ? null : ConfigFile.qos(file.accounts, where, section);
    Map<String, QosSpec> named = new LinkedHashMap<>();
    for (int i = 0; entries != null && i < entries.size(); i++) {
      ConfigFile.Qos q = entries.get(i);
      String at = where + section + "[" + i + "]";
      if (q == null || q.name == null || q.name.isBlank()) {
        throw new ConfigException(at + ": every " + key.label + " needs a name");
      }
      SettingsLoader.checkQosName(at + ".name", q.name);
      if (named.containsKey(q.name)) {
        throw new ConfigException(where + section + ": " + q.name + " is listed twice");
      }
      named.put(
          q.name,
          new QosSpec(
              q.name,
              SettingsLoader.limits(where + section + " " + q.name + ": limits", q.limits)));
    }
    return new Groups(new GroupBy(key, new ArrayList<>()), named);
  }

  private static GroupBy.Key key(ConfigFile file, String where) throws ConfigException {
    if (file.groupBy == null || file.groupBy.isNull()) {
      return file.accounts != null && !file.accounts.isNull()
          ? GroupBy.Key.ACCOUNT
          : GroupBy.Key.QOS;
    }
    String text = ConfigFile.text(file.groupBy, where, "group_by");
    for (GroupBy.Key k : GroupBy.Key.values()) {
      if (k.word.equals(text)) {
        return k;
      }
    }
    throw new ConfigException(
        where
            + "line "
            + file.groupBy.line()
            + ": group_by must be qos or account, not '"
            + text
            + "'");
  }

  private static YamlNode scalarOrNull(YamlNode v) {
    return v != null && v.isScalar() ? v : null;
  }
}
