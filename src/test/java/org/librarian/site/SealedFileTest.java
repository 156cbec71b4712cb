package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SealedFileTest {
  private static final HexFormat HEX = HexFormat.of();

  /** A "random" source that gives only zero bytes, for the fixed vectors. */
  private static final class Zeros extends SecureRandom {
    private static final long serialVersionUID = 1L;

    @Override
    public void nextBytes(byte[] bytes) {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Test
  void derivesTheKeyThatPythonAndOpensslDerive() throws Exception {
    // python3 -c 'import hashlib; print(hashlib.pbkdf2_hmac("sha256", b"correct horse",
    //   bytes(range(16)), 1000).hex())'
    // openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:"correct horse"
    //   -kdfopt hexsalt:000102030405060708090a0b0c0d0e0f -kdfopt iter:1000 PBKDF2
    // both print c914cc4f06cc6e8f46d157e3a1b5aa7abceebb17bb0444cd4c4ac16ca2ae9864
    byte[] salt = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    SealedFile.Key key = SealedFile.derive("correct horse", salt, 1000);
    assertEquals(
        "c914cc4f06cc6e8f46d157e3a1b5aa7abceebb17bb0444cd4c4ac16ca2ae9864",
        HEX.formatHex(key.aes().getEncoded()));
  }

  @Test
  void aPassphraseBeyondAsciiIsTakenAsUtf8AsWebCryptoTakesIt() throws Exception {
    // TextEncoder (what the page uses) gives UTF-8; so must Java.
    // python3 -c 'import hashlib; print(hashlib.pbkdf2_hmac("sha256", "Grüße, avery".encode(),
    //   b"librarian-salt-1", 1000).hex())'
    // prints 520aabc0beb2986253bedccb97d9e6612afcf8c254bf2974a2519c6dfa33cec0
    SealedFile.Key key =
        SealedFile.derive(
            "Gr\u00fc\u00dfe, avery", "librarian-salt-1".getBytes(StandardCharsets.US_ASCII), 1000);
    assertEquals(
        "520aabc0beb2986253bedccb97d9e6612afcf8c254bf2974a2519c6dfa33cec0",
        HEX.formatHex(key.aes().getEncoded()));
  }

  @Test
  void sealsAsAes256GcmDoesWithTheTagAppended() throws Exception {
    // The AES-GCM test vectors of McGrew and Viega (the GCM specification), test case 14: key of
    // 32 zero bytes, IV of 12 zero bytes, 16 zero bytes of plaintext give the ciphertext
    // cea7403d4d606b6e074ec5d3baf39d18 and the tag d0d1c8a799996bf0265b98b5d48ab919.
    byte[] salt = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    SealedFile.Key key = new SealedFile.Key(new SecretKeySpec(new byte[32], "AES"), salt, 600_000);
    byte[] e = SealedFile.seal(key, new byte[16], new Zeros());
    // Header: "LBSEAL", version 1, KDF 1, 600000 = 0x000927c0, the salt, the IV (zeros).
    assertEquals(
        HEX.formatHex("LBSEAL".getBytes(StandardCharsets.US_ASCII))
            + "0101"
            + "000927c0"
            + "000102030405060708090a0b0c0d0e0f"
            + "000000000000000000000000"
            + "cea7403d4d606b6e074ec5d3baf39d18"
            + "d0d1c8a799996bf0265b98b5d48ab919",
        HEX.formatHex(e));
    assertEquals(40, SealedFile.HEADER_BYTES);
  }

  @Test
  void opensWithThePassphraseAndOnlyWithIt() throws Exception {
    SecureRandom random = new SecureRandom();
    SealedFile.Key key = SealedFile.newKey("river otter 42", 1000, random);
    byte[] plain =
        "{\"users\":[\"otter\"],\"cpu_hours\":39069.257}".getBytes(StandardCharsets.UTF_8);
    byte[] one = SealedFile.seal(key, plain, random);
    byte[] two = SealedFile.seal(key, plain, random);

    assertArrayEquals(plain, SealedFile.open("river otter 42", one));
    assertArrayEquals(plain, SealedFile.open("river otter 42", two));
    // A fresh IV per file (bytes 24 to 35), one salt per key (bytes 8 to 23).
    assertFalse(Arrays.equals(one, 24, 36, two, 24, 36));
    assertTrue(Arrays.equals(one, 8, 24, two, 8, 24));
    assertEquals(plain.length + 40 + 16, one.length);
    assertEquals(-1, new String(one, StandardCharsets.ISO_8859_1).indexOf("otter"));
    assertThrows(
        SealedFile.WrongPassphraseException.class, () -> SealedFile.open("river otter 43", one));

    // One flipped bit of the ciphertext is caught by the tag.
    byte[] altered = one.clone();
    altered[43] ^= 1;
    assertThrows(
        SealedFile.WrongPassphraseException.class,
        () -> SealedFile.open("river otter 42", altered));
    assertThrows(
        IOException.class,
        () -> SealedFile.open("river otter 42", "{\"v\":1}".getBytes(StandardCharsets.UTF_8)));
  }
}
