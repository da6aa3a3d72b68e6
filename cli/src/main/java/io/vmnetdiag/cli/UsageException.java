package io.vmnetdiag.cli;

/** Bad input: its message is the one line the CLI prints on stderr before exiting 3. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
