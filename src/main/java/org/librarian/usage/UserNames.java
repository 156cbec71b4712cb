package org.librarian.usage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The names users are published under. With pseudonyms, a user is {@code user-} and the first 4 hex
 * digits of HMAC-SHA256(secret, name), one digit more for as long as that is taken by another user;
 * names given before are kept ({@code known}), so a user keeps one pseudonym from run to run.
 * Hidden users are not published at all: their records are dropped before anything is counted
 * ({@link #hides}), and {@link #ofStored} has no name for them. Safe to call from several threads.
 */
public final class UserNames {
  private static final Pattern PSEUDONYM = Pattern.compile("user-[0-9a-f]{4,64}");

  private final boolean pseudonymize;
  private final Set<String> hidden;
  private final byte[] secret;
  private final Map<String, String> assigned;
  private final Map<String, String> owners = new HashMap<>();
  private boolean changed;

  /** Names as they are: nothing hidden, no pseudonyms. */
  public static final UserNames REAL = new UserNames(false, Set.of(), new byte[0], Map.of());

  public UserNames(
      boolean pseudonymize, Set<String> hidden, byte[] secret, Map<String, String> known) {
    this.pseudonymize = pseudonymize;
    this.hidden = Set.copyOf(hidden);
    this.secret = secret.clone();
    this.assigned = new LinkedHashMap<>(known);
    known.forEach((real, pseudonym) -> owners.put(pseudonym, real));
  }

  public boolean changesNames() {
    return pseudonymize || !hidden.isEmpty();
  }

  /** Whether the user is left out of everything published. */
  public boolean hides(String user) {
    return hidden.contains(user);
  }

  /**
   * Whether some users are left out of what is published (the page says so, without saying how
   * many).
   */
  public boolean hidesAny() {
    return !hidden.isEmpty();
  }

  /** The published name of a user who is not hidden (see {@link #hides}). */
  public synchronized String of(String user) {
    if (hidden.contains(user)) {
      throw new IllegalArgumentException("a hidden user has no published name");
    }
    if (!pseudonymize) {
      return user;
    }
    String known = assigned.get(user);
    if (known != null) {
      return known;
    }
    String hex = hmac(user);
    for (int digits = 4; digits <= hex.length(); digits++) {
      String candidate = "user-" + hex.substring(0, digits);
      if (!owners.containsKey(candidate)) {
        assigned.put(user, candidate);
        owners.put(candidate, user);
        changed = true;
        return candidate;
      }
    }
    throw new IllegalStateException("no pseudonym left for a user");
  }

  /**
   * A name already published or still real: pseudonyms pass, real names are mapped, hidden users
   * give null (leave them out). For data kept from before the privacy settings changed (the
   * history).
   */
  public synchronized String ofStored(String name) {
    if (hidden.contains(name)) {
      return null;
    }
    if (pseudonymize
        && (owners.containsKey(name)
            || (PSEUDONYM.matcher(name).matches() && !assigned.containsKey(name)))) {
      return name;
    }
    return of(name);
  }

  /** Whether {@link #of} gave a pseudonym not in {@code known}: the mapping should be saved. */
  public synchronized boolean changed() {
    return changed;
  }

  /** Real name → pseudonym, for the admin's mapping file. */
  public synchronized Map<String, String> mapping() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(assigned));
  }

  private String hmac(String user) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] h = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder();
      for (byte x : h) {
        b.append(String.format("%02x", x));
      }
      return b.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
