package io.vmnetdiag.cli;

import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The path drawn in the terminal, left (the network) to right (the guest): a box per captured hop with the packets
 * it saw to and from the VM (and a bridge port's state when it forwards nothing), the guest's box with a link libvirt
 * holds down, an {@code X} on every link where the verdict's location says packets stop, then the verdict's reason,
 * location and summary, the guest's own view and the kernel's named causes when the report has them
 * ({@link ReportDetails}), and the evidence. Plain ASCII, so it survives any terminal, pipe or log.
 */
public final class PathPicture {
  private static final String NETWORK = "network ";
  private static final String LINK = "-----";
  private static final String BROKEN = "--X--";
  private static final int MIN_INNER = 11;

  private PathPicture() {
  }

  public static String render(DiagnosisResult result) {
    StringBuilder out = new StringBuilder();
    ResolvedPath path = result.path();
    out.append(header(path)).append('\n').append('\n');
    List<String[]> boxes = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    for (HopObservation hop : result.hops()) {
      String role = HopRole.word(hop.getRole());
      roles.add(role);
      String[] box = hop.getFailure() != null
          ? new String[] {role, name(hop.getInterfaceName()), "not", "captured"}
          : new String[] {role, name(hop.getInterfaceName()), count("to VM", hop.getToVm().total()),
              count("from VM", hop.getFromVm().total())};
      boxes.add(stuckPort(path, hop).map(state -> withLine(box, "port " + state)).orElse(box));
    }
    roles.add("guest");
    boolean linkDown = path != null && "down".equals(path.getLinkState());
    boxes.add(new String[] {"guest", name(path == null ? null : path.getDomain()),
        path == null || path.getVmAddress() == null ? "" : path.getVmAddress(), linkDown ? "link down" : ""});
    evenOut(boxes);
    Verdict verdict = result.verdict();
    String location = verdict == null ? null : verdict.getLocation();
    Set<Integer> broken = brokenLinks(location, roles);
    out.append(drawing(boxes, broken));
    out.append(breakLine(boxes, broken, location)).append('\n');
    out.append(verdictText(result));
    return out.toString();
  }

  /** The hop's bridge port state as resolution read it, when it forwards nothing ("disabled"). */
  private static Optional<String> stuckPort(ResolvedPath path, HopObservation hop) {
    if (path == null || path.getHops() == null) {
      return Optional.empty();
    }
    return path.getHops().stream().filter(planned -> planned != null && planned.getRole() == hop.getRole()
            && Objects.equals(planned.getInterfaceName(), hop.getInterfaceName()))
        .map(Hop::getPortState).filter(state -> state != null && state != BridgePortState.Forwarding)
        .map(BridgePortState::kernelName).findFirst();
  }

  private static String[] withLine(String[] box, String line) {
    String[] longer = Arrays.copyOf(box, box.length + 1);
    longer[box.length] = line;
    return longer;
  }

  /** Every box as tall as the tallest: a port state adds a line under the counts. */
  private static void evenOut(List<String[]> boxes) {
    int rows = boxes.stream().mapToInt(box -> box.length).max().orElse(0);
    for (int b = 0; b < boxes.size(); b++) {
      String[] box = boxes.get(b);
      if (box.length < rows) {
        String[] taller = Arrays.copyOf(box, rows);
        Arrays.fill(taller, box.length, rows, "");
        boxes.set(b, taller);
      }
    }
  }

  /** Links are numbered from 0 (network to the first hop) to the last hop's link to the guest. */
  static Set<Integer> brokenLinks(String location, List<String> roles) {
    Set<Integer> links = new TreeSet<>();
    if (location == null) {
      return links;
    }
    if (location.equals("upstream")) {
      links.add(0);
    } else if (location.equals("guest")) {
      links.add(roles.size() - 1);
    } else if (location.contains("->")) {
      int from = roles.indexOf(location.substring(0, location.indexOf("->")));
      int to = roles.indexOf(location.substring(location.indexOf("->") + 2));
      if (from >= 0 && to >= 0 && from != to) {
        for (int link = Math.min(from, to) + 1; link <= Math.max(from, to); link++) {
          links.add(link);
        }
      }
    }
    return links;
  }

  private static String header(ResolvedPath path) {
    if (path == null) {
      return "path: not resolved";
    }
    StringBuilder h = new StringBuilder("path of ").append(path.getDomain());
    if (path.getNode() != null) {
      h.append(" on ").append(path.getNode());
    }
    h.append(": VM ").append(path.getVmMac() == null ? "?" : path.getVmMac());
    if (path.getVmAddress() != null) {
      h.append(' ').append(path.getVmAddress());
      if (path.getAddressSource() != null) {
        h.append(" (address from ").append(path.getAddressSource()).append(')');
      }
    }
    return h.append("; packets to and from the VM at each hop").toString();
  }

  private static String drawing(List<String[]> boxes, Set<Integer> broken) {
    int[] inner = new int[boxes.size()];
    for (int b = 0; b < boxes.size(); b++) {
      inner[b] = MIN_INNER;
      for (String line : boxes.get(b)) {
        inner[b] = Math.max(inner[b], line.length());
      }
    }
    int rows = boxes.get(0).length + 2;
    StringBuilder out = new StringBuilder();
    for (int row = 0; row < rows; row++) {
      StringBuilder line = new StringBuilder();
      for (int b = 0; b < boxes.size(); b++) {
        String link = row == 1 ? (broken.contains(b) ? BROKEN : LINK) : " ".repeat(LINK.length());
        line.append(b == 0 ? (row == 1 ? NETWORK : " ".repeat(NETWORK.length())) : "").append(link);
        if (row == 0 || row == rows - 1) {
          line.append('+').append("-".repeat(inner[b] + 2)).append('+');
        } else {
          String text = boxes.get(b)[row - 1];
          boolean count = text.startsWith("to VM") || text.startsWith("from VM");
          line.append("| ").append(count ? spread(text, inner[b]) : pad(text, inner[b])).append(" |");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A caret under every X, then what it means. */
  private static String breakLine(List<String[]> boxes, Set<Integer> broken, String location) {
    if (broken.isEmpty()) {
      if ("none".equals(location)) {
        return "no break: nothing is lost on this node's path";
      }
      return "no break shown: where packets stop is not known (location " + location + ")";
    }
    StringBuilder line = new StringBuilder();
    int column = NETWORK.length();
    for (int b = 0; b < boxes.size(); b++) {
      int x = column + LINK.length() / 2;
      if (broken.contains(b)) {
        line.append(" ".repeat(x - line.length())).append('^');
      }
      int inner = MIN_INNER;
      for (String text : boxes.get(b)) {
        inner = Math.max(inner, text.length());
      }
      column += LINK.length() + inner + 4;
    }
    return line.append(" packets stop here (").append(location).append(')').toString();
  }

  private static String verdictText(DiagnosisResult result) {
    StringBuilder out = new StringBuilder("\n");
    Verdict verdict = result.verdict();
    String judgement = switch (result.exitCode()) {
      case DiagnosisResult.HEALTHY -> "healthy";
      case DiagnosisResult.FAULT_LOCATED -> "fault located";
      default -> "inconclusive";
    };
    out.append("verdict   ").append(verdict.getReason()).append(" (").append(judgement).append(")\n");
    out.append("location  ").append(verdict.getLocation()).append('\n');
    out.append("summary   ").append(verdict.getSummary()).append('\n');
    String window = window(result.window());
    if (window != null) {
      out.append("window    ").append(window).append('\n');
    }
    ProbeReport probes = result.probes();
    if (probes != null && probes.getReason() != null) {
      out.append("probes    ").append(probes.isSent() ? "sent: " : "none: ").append(probes.getReason()).append('\n');
    }
    ReportDetails.guest(result.path()).forEach(line -> out.append(line).append('\n'));
    ReportDetails.kernel(result.hops()).forEach(line -> out.append(line).append('\n'));
    out.append("evidence\n");
    for (String line : verdict.getEvidence()) {
      out.append("  ").append(line).append('\n');
    }
    return out.toString();
  }

  private static String window(CaptureWindowReport window) {
    if (window == null || window.getStart() == null || window.getEnd() == null) {
      return null;
    }
    try {
      long ms = Duration.between(Instant.parse(window.getStart()), Instant.parse(window.getEnd())).toMillis();
      String ran = String.format(Locale.ROOT, "%.1f s of %d s", ms / 1000.0, window.getPlannedSeconds());
      return window.isEndedEarly() ? ran + ", ended early: " + window.getReason() : ran;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String count(String label, long n) {
    return label + " " + n;
  }

  /** "to VM 17" with the number flush right. */
  private static String spread(String text, int width) {
    int space = text.lastIndexOf(' ');
    String label = text.substring(0, space);
    String number = text.substring(space + 1);
    return label + " ".repeat(Math.max(1, width - label.length() - number.length())) + number;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  private static String name(String s) {
    return s == null ? "?" : s;
  }
}
