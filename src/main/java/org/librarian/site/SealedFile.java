package org.librarian.site;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One published file sealed with a passphrase, as the page opens it with WebCrypto: AES-256-GCM
 * (128-bit tag appended to the ciphertext, as WebCrypto expects) under a key derived with
 * PBKDF2-HMAC-SHA-256 from the passphrase's UTF-8 bytes and a 16-byte salt, a fresh random 12-byte
 * IV per file. The envelope is binary (docs/privacy.md): the 6 ASCII bytes {@code LBSEAL}, a
 * version byte (1), a KDF byte (1: PBKDF2-HMAC-SHA-256), the iteration count (4 bytes, big-endian),
 * the salt (16 bytes), the IV (12 bytes), then the ciphertext and its tag. Raw bytes rather than
 * base64, so no word or number can turn up in it but by a chance of 2^-8 per byte.
 */
public final class SealedFile {
  public static final int VERSION = 1;
  public static final String KDF = "PBKDF2-SHA256";
  public static final String CIPHER = "AES-256-GCM";

  /** PBKDF2-HMAC-SHA-256 iterations: OWASP's recommendation of 2023 for that function. */
  public static final int ITERATIONS = 600_000;

  public static final int SALT_BYTES = 16;
  public static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] MAGIC = "LBSEAL".getBytes(StandardCharsets.US_ASCII);
  private static final byte KDF_PBKDF2_SHA256 = 1;

  /** Bytes before the ciphertext: magic, version, KDF, iterations, salt, IV. */
  public static final int HEADER_BYTES = MAGIC.length + 2 + 4 + SALT_BYTES + IV_BYTES;

  private SealedFile() {}

  /** A key derived from a passphrase, with the salt and iteration count every envelope repeats. */
  public record Key(SecretKeySpec aes, byte[] salt, int iterations) {}

  /** The passphrase does not open the envelope (or the envelope was altered). */
  public static final class WrongPassphraseException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    WrongPassphraseException(String message) {
      super(message);
    }
  }

  /** PBKDF2-HMAC-SHA-256 of the passphrase's UTF-8 bytes: 32 bytes, an AES-256 key. */
  public static Key derive(String passphrase, byte[] salt, int iterations)
      throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), salt, iterations, 256);
    try {
      byte[] raw =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return new Key(new SecretKeySpec(raw, "AES"), salt.clone(), iterations);
    } finally {
      spec.clearPassword();
    }
  }

  /** A key with a fresh random salt. */
  public static Key newKey(String passphrase, int iterations, SecureRandom random)
      throws GeneralSecurityException {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return derive(passphrase, salt, iterations);
  }

  /** The envelope of {@code plain}, with a fresh random IV. */
  public static byte[] seal(Key key, byte[] plain, SecureRandom random)
      throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, iv));
    byte[] ct = aes.doFinal(plain);
    return ByteBuffer.allocate(HEADER_BYTES + ct.length)
        .put(MAGIC)
        .put((byte) VERSION)
        .put(KDF_PBKDF2_SHA256)
        .putInt(key.iterations())
        .put(key.salt())
        .put(iv)
        .put(ct)
        .array();
  }

  /** The salt and iteration count an envelope was sealed with; throws when it is not one. */
  private static ByteBuffer header(byte[] envelope) throws IOException {
    if (envelope.length < HEADER_BYTES + TAG_BITS / 8
        || !Arrays.equals(envelope, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || envelope[MAGIC.length] != VERSION
        || envelope[MAGIC.length + 1] != KDF_PBKDF2_SHA256) {
      throw new IOException("not a version " + VERSION + " sealed file");
    }
    return ByteBuffer.wrap(envelope, MAGIC.length + 2, HEADER_BYTES - MAGIC.length - 2);
  }

  /**
   * Opens an envelope with a passphrase; throws {@link WrongPassphraseException} when it does not.
   */
  public static byte[] open(String passphrase, byte[] envelope)
      throws IOException, GeneralSecurityException {
    ByteBuffer h = header(envelope);
    int iterations = h.getInt();
    byte[] salt = new byte[SALT_BYTES];
    h.get(salt);
    return open(derive(passphrase, salt, iterations), envelope);
  }

  /** Opens an envelope with a key already derived (from the envelope's salt). */
  public static byte[] open(Key key, byte[] envelope) throws IOException, GeneralSecurityException {
    header(envelope);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        key.aes(),
        new GCMParameterSpec(TAG_BITS, envelope, HEADER_BYTES - IV_BYTES, IV_BYTES));
    try {
      return aes.doFinal(envelope, HEADER_BYTES, envelope.length - HEADER_BYTES);
    } catch (AEADBadTagException bad) {
      throw new WrongPassphraseException("the passphrase does not open this file");
    }
  }
}
