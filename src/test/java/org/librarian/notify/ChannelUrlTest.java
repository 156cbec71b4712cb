package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Secret;

/** A channel whose url is not one to post to fails once, for good, naming the channel. */
class ChannelUrlTest {
  private static Delivery.Failed failure(String url) {
    Channel ops = new Channel("ops", "webhook", new Secret(url, null), List.of(), null, null);
    // Three tries allowed: a url that is not one is not tried again.
    Delivery d =
        new Delivery(Map.of(), Duration.ofSeconds(2), new Delivery.Tries(3, Duration.ofMillis(10)));
    // The url is refused before any message is read: none is needed.
    return assertThrows(Delivery.Failed.class, () -> d.send(ops, null));
  }

  @Test
  void aUrlThatIsNotAnAddressFailsForGood() {
    Delivery.Failed f = failure("http://x.example.org/a b");
    assertEquals("channel ops: the url (given in the file) is not an address", f.getMessage());
    assertFalse(f.retryable);
  }

  @Test
  void aUrlThatIsNotHttpFailsForGood() {
    Delivery.Failed f = failure("ftp://x.example.org/hook");
    assertEquals(
        "channel ops: the url (given in the file) is not an http(s) address", f.getMessage());
    assertFalse(f.retryable);
  }
}
