package io.vmnetdiag.lab.topology;

/** A lab script failed; carries its exit code and standard error so the cause is visible in test output. */
public class LabScriptException extends RuntimeException {
  private final String script;
  private final int exitCode;
  private final String stderr;

  public LabScriptException(String script, int exitCode, String stderr) {
    super(script + " exited with " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip()));
    this.script = script;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }

  public LabScriptException(String script, String message, Throwable cause) {
    super(script + ": " + message, cause);
    this.script = script;
    this.exitCode = -1;
    this.stderr = "";
  }

  public String script() { return script; }

  /** The script's exit code, or -1 when it could not be run or timed out. */
  public int exitCode() { return exitCode; }

  public String stderr() { return stderr; }
}
