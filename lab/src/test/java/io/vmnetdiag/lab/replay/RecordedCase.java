package io.vmnetdiag.lab.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.capture.PcapReplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One lab case recorded by {@code lab/scripts/record-case.sh}: a directory under the test resources'
 * {@code replay/} with a pcap per hop and {@code case.json} describing them and the verdict expected.
 */
public record RecordedCase(String name, Path directory, JsonNode json) {
  static final String ROOT = "replay";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A recorded hop: its role, interface, file and how many packets the recorder counted in it. */
  record RecordedHop(HopRole role, String interfaceName, String mac, Path pcap, int packets, boolean inPath) {
    Hop hop() {
      Hop hop = new Hop(role, interfaceName);
      hop.setMac(mac);
      return hop;
    }
  }

  /** Every case under {@code replay/}, by name. */
  public static List<String> names() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(dir -> Files.isRegularFile(dir.resolve("case.json")))
          .map(dir -> dir.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RecordedCase load(String name) {
    return at(root().resolve(name));
  }

  /** The case recorded in {@code dir}. */
  static RecordedCase at(Path dir) {
    String name = dir.getFileName().toString();
    try {
      return new RecordedCase(name, dir, JSON.readTree(dir.resolve("case.json").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    URL url = RecordedCase.class.getClassLoader().getResource(ROOT);
    if (url == null) {
      throw new IllegalStateException("no " + ROOT + "/ on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  String vmMac() { return json.get("vmMac").asText(); }

  /** The address a diagnosis is given, or null when the case wants it learned from the frames. */
  public String vmAddress() { return text("vmAddress"); }

  /** The VM's real address in the recording, given or not. */
  String actualVmAddress() { return text("actualVmAddress"); }

  String gatewayAddress() { return text("gatewayAddress"); }

  int sampleLines() { return json.path("sampleLines").asInt(10); }

  public String expectedReason() { return json.get("expected").get("reason").asText(); }

  /** The expected location, or null when the case does not fix one. */
  String expectedLocation() {
    JsonNode location = json.get("expected").get("location");
    return location == null || location.isNull() ? null : location.asText();
  }

  List<RecordedHop> hops() {
    List<RecordedHop> hops = new ArrayList<>();
    for (JsonNode hop : json.get("hops")) {
      JsonNode mac = hop.get("mac");
      hops.add(new RecordedHop(HopRole.valueOf(hop.get("role").asText()), hop.get("interfaceName").asText(),
          mac == null || mac.isNull() ? null : mac.asText(), directory.resolve(hop.get("file").asText()),
          hop.get("packets").asInt(), hop.path("inPath").asBoolean(true)));
    }
    return hops;
  }

  RecordedHop hop(HopRole role) {
    return hops().stream().filter(h -> h.role() == role).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no " + role + " hop"));
  }

  /** Lines the verdict's evidence must hold, each as a substring of one evidence line; may be empty. */
  List<String> expectedEvidence() {
    List<String> lines = new ArrayList<>();
    json.get("expected").path("evidenceContains").forEach(line -> lines.add(line.asText()));
    return lines;
  }

  /** The path a node agent would report: the case's hops that the agent captures, with the address as given. */
  ResolvedPath path() {
    return path(vmAddress());
  }

  /** As {@link #path()} with the given address instead (null: not known, as when nothing gave it). */
  public ResolvedPath path(String vmAddress) {
    ResolvedPath path = new ResolvedPath();
    path.setNode("replay");
    path.setDomain(name);
    path.setVmMac(vmMac());
    path.setVmAddress(vmAddress);
    path.setAddressSource(vmAddress == null ? AddressSource.Unknown : AddressSource.Spec);
    path.setHops(hops().stream().filter(RecordedHop::inPath).map(RecordedHop::hop).toList());
    return path;
  }

  /** What each of the path's hops would have reported, replayed through the live classifier and recorder. */
  List<HopObservation> replayPath() throws IOException {
    return replayPath(vmAddress());
  }

  /** As {@link #replayPath()}, the classifier knowing the given address (or none). */
  public List<HopObservation> replayPath(String vmAddress) throws IOException {
    List<HopObservation> observations = new ArrayList<>();
    for (RecordedHop hop : hops()) {
      if (hop.inPath()) {
        observations.add(replay(hop, vmAddress));
      }
    }
    return observations;
  }

  HopObservation replay(RecordedHop hop) throws IOException {
    return replay(hop, vmAddress());
  }

  HopObservation replay(RecordedHop hop, String vmAddress) throws IOException {
    return PcapReplay.replay(hop.hop(), hop.pcap(), vmMac(), vmAddress, sampleLines(), path(vmAddress).getHops());
  }

  private String text(String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  @Override
  public String toString() {
    return name;
  }
}
