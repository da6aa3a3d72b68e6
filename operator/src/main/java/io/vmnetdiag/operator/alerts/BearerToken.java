package io.vmnetdiag.operator.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The token Alertmanager must send (Authorization: Bearer), read from the mounted Secret on every request, so a
 * rotated Secret takes effect without a restart.
 */
final class BearerToken {
  private final Path file;

  BearerToken(Path file) {
    this.file = file;
  }

  /** True when the header carries the token; IOException when the token cannot be read (a 500: retry). */
  boolean accepts(String authorization) throws IOException {
    String expected = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (expected.isEmpty()) {
      throw new IOException("the token file " + file + " is empty");
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
  }
}
