package io.vmnetdiag.api.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Carries an {@link AgentReport} from the agent to the operator without loss.
 *
 * <p>Kubernetes caps a termination message at 4096 bytes. A report that fits (gzip + base64) travels
 * inline in the termination message; a larger one is written to the container log in numbered chunks
 * and the termination message carries only the chunk count and the SHA-256 of the JSON, so the
 * operator can tell a complete report from a truncated or mixed-up log.
 */
public final class ReportCodec {
  /** Kubernetes' limit for one container's termination message. */
  public static final int TERMINATION_MESSAGE_LIMIT = 4096;
  /**
   * Largest report (JSON, after gunzip) accepted: the status it becomes must stay well under etcd's 1.5 MiB
   * request limit, and a gzip bomb stops here instead of filling the operator's heap.
   */
  public static final int MAX_REPORT_BYTES = 1024 * 1024;
  /**
   * Most bytes of a capture pod's log read for report chunks: room for a report at its limit, gzip'd and base64'd
   * (at most about 4/3 of it), and the agent's own log lines.
   */
  public static final int MAX_LOG_BYTES = 4 * MAX_REPORT_BYTES;
  static final String MAGIC = "vmnetdiag.report/v1";
  private static final int CHUNK_CHARS = 8000;
  /** More chunks than this cannot fit in {@link #MAX_LOG_BYTES}. */
  private static final int MAX_CHUNKS = MAX_LOG_BYTES / CHUNK_CHARS;
  private static final Pattern HEADER =
      Pattern.compile("^" + Pattern.quote(MAGIC) + " sha256=([0-9a-f]{64}) (inline=(\\S+)|chunks=(\\d+))\\s*$");
  private static final Pattern CHUNK =
      Pattern.compile("^" + Pattern.quote(MAGIC) + " chunk (\\d+)/(\\d+) ([A-Za-z0-9+/=]+)\\s*$");

  private final ObjectMapper mapper = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The two halves of an encoded report. */
  public record Encoded(String terminationMessage, List<String> logLines) {
  }

  /** Encodes a report; {@code logLines} is empty when the report fits inline. */
  public Encoded encode(AgentReport report) {
    byte[] json = toJson(report);
    String digest = sha256(json);
    String payload = Base64.getEncoder().encodeToString(gzip(json));
    String inline = MAGIC + " sha256=" + digest + " inline=" + payload;
    if (inline.length() <= TERMINATION_MESSAGE_LIMIT) {
      return new Encoded(inline, List.of());
    }
    List<String> lines = new ArrayList<>();
    int total = (payload.length() + CHUNK_CHARS - 1) / CHUNK_CHARS;
    for (int i = 0; i < total; i++) {
      String part = payload.substring(i * CHUNK_CHARS, Math.min(payload.length(), (i + 1) * CHUNK_CHARS));
      lines.add(MAGIC + " chunk " + (i + 1) + "/" + total + " " + part);
    }
    return new Encoded(MAGIC + " sha256=" + digest + " chunks=" + total, lines);
  }

  /**
   * Decodes a report from a termination message, reading the container log only when the message
   * says the report is there.
   *
   * @throws ReportException when the message is not a report, or the log lacks or garbles chunks
   */
  public AgentReport decode(String terminationMessage, Supplier<String> containerLog) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      throw new ReportException("the capture pod ended without a report in its termination message");
    }
    Matcher header = HEADER.matcher(terminationMessage.strip());
    if (!header.matches()) {
      throw new ReportException("the capture pod's termination message is not a vmnetdiag report: "
          + abbreviate(terminationMessage));
    }
    String payload = header.group(3) != null ? header.group(3) : joinChunks(containerLog.get(), chunkCount(header.group(4)));
    byte[] json = gunzip(base64(payload));
    if (!sha256(json).equals(header.group(1))) {
      throw new ReportException("the capture report does not match its checksum; it was damaged on the way");
    }
    try {
      return mapper.readValue(json, AgentReport.class);
    } catch (IOException | RuntimeException e) {
      throw new ReportException("the capture report is not valid JSON: " + abbreviate(String.valueOf(e.getMessage())));
    }
  }

  private static int chunkCount(String digits) {
    int count = digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    if (count < 1 || count > MAX_CHUNKS) {
      throw new ReportException("the capture report claims " + digits + " log parts; a report has 1 to " + MAX_CHUNKS);
    }
    return count;
  }

  private static byte[] base64(String payload) {
    try {
      return Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw new ReportException("the capture report is not valid base64: " + e.getMessage());
    }
  }

  private static String joinChunks(String log, int expected) {
    if (log == null) {
      throw new ReportException("the capture report is in the pod log, but the log could not be read");
    }
    Map<Integer, String> chunks = new TreeMap<>();
    for (String line : log.split("\n")) {
      Matcher chunk = CHUNK.matcher(line);
      // Compared as text: the digits come from the pod and may not fit an int.
      if (chunk.matches() && chunk.group(2).equals(String.valueOf(expected)) && chunk.group(1).length() <= 6) {
        int index = Integer.parseInt(chunk.group(1));
        if (index >= 1 && index <= expected) {
          chunks.put(index, chunk.group(3));
        }
      }
    }
    if (chunks.size() != expected) {
      throw new ReportException("the pod log holds " + chunks.size() + " of the report's " + expected + " parts");
    }
    return String.join("", chunks.values());
  }

  private byte[] toJson(AgentReport report) {
    try {
      return mapper.writeValueAsBytes(report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Stops at {@link #MAX_REPORT_BYTES}: a few KiB of gzip may claim gigabytes. */
  private static byte[] gunzip(byte[] data) {
    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data))) {
      byte[] json = gz.readNBytes(MAX_REPORT_BYTES);
      if (gz.read() != -1) {
        throw new ReportException("the capture report is larger than " + MAX_REPORT_BYTES
            + " bytes uncompressed; it was not read further");
      }
      return json;
    } catch (IOException e) {
      throw new ReportException("the capture report is not valid gzip: " + e.getMessage());
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String s) {
    String line = s.strip().replace('\n', ' ');
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }

  /** Thrown when a report cannot be recovered; its message is meant for the CR status. */
  public static final class ReportException extends RuntimeException {
    public ReportException(String message) {
      super(message);
    }
  }
}
