package io.vmnetdiag.operator.alerts;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the Alertmanager receiver runs: its port, where its bearer token is mounted, and the rate at which it may
 * create diagnoses (a token bucket) so an alert storm cannot flood the API server.
 *
 * @param port the receiver's HTTP port; 0: no receiver
 * @param tokenFile the file holding the bearer token Alertmanager must send (a mounted Secret key)
 * @param createsPerSecond diagnoses the receiver may create per second, sustained
 * @param burst diagnoses it may create at once before the rate applies
 * @param tlsDirectory a mounted kubernetes.io/tls Secret (tls.crt, tls.key; with ca.crt: mTLS, and client
 *     certificates replace the token); null: plain HTTP
 */
public record AlertSettings(int port, Path tokenFile, double createsPerSecond, int burst, Path tlsDirectory) {
  public static final String DEFAULT_TOKEN_FILE = "/etc/vmnetdiag/alerts/token";
  public static final double DEFAULT_CREATES_PER_SECOND = 2;
  public static final int DEFAULT_BURST = 20;
  /** The largest request body read; Alertmanager's biggest groups stay far below it. */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Settings from the environment the Helm chart sets, with defaults for what is unset. */
  public static AlertSettings fromEnvironment(Map<String, String> env) {
    return new AlertSettings(
        Integer.parseInt(env.getOrDefault("VMNETDIAG_ALERTS_PORT", "0")),
        Path.of(env.getOrDefault("VMNETDIAG_ALERTS_TOKEN_FILE", DEFAULT_TOKEN_FILE)),
        Double.parseDouble(env.getOrDefault("VMNETDIAG_ALERTS_CREATES_PER_SECOND",
            String.valueOf(DEFAULT_CREATES_PER_SECOND))),
        Integer.parseInt(env.getOrDefault("VMNETDIAG_ALERTS_BURST", String.valueOf(DEFAULT_BURST))),
        env.getOrDefault("VMNETDIAG_ALERTS_TLS_DIR", "").isBlank() ? null : Path.of(env.get("VMNETDIAG_ALERTS_TLS_DIR")));
  }

  public boolean enabled() {
    return port > 0;
  }

  /** These settings on another port (tests: 0 after enabling, for a free one). */
  public AlertSettings withPort(int newPort) {
    return new AlertSettings(newPort, tokenFile, createsPerSecond, burst, tlsDirectory);
  }
}
