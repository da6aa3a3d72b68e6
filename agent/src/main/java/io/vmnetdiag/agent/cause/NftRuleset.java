package io.vmnetdiag.agent.cause;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An nftables ruleset as libnftables' JSON gives it: chains and rules, each rule's counter, verdict and devices. */
public record NftRuleset(Map<ChainKey, Chain> chains, List<Rule> rules) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> DEVICE_KEYS = Set.of("iifname", "oifname", "iif", "oif",
      "ibrname", "obrname", "ibriport", "obriport");
  private static final Set<String> VERDICTS = Set.of("accept", "drop", "reject", "jump", "goto", "return",
      "continue", "queue");

  public record ChainKey(String family, String table, String name) {
  }

  /** A chain; {@code hook}, {@code policy} and {@code devices} only for base chains. */
  public record Chain(ChainKey key, String hook, String policy, List<String> devices) {
  }

  /**
   * A rule; {@code packets} and {@code bytes} are null when it has no counter, {@code verdict} when it has none.
   * {@code devices} are the interface names its matches name (iifname, oifname, ...).
   */
  public record Rule(ChainKey chain, long handle, String text, String verdict, Long packets, Long bytes,
      List<String> devices) {
    public boolean counted() {
      return packets != null;
    }

    public boolean drops() {
      return "drop".equals(verdict) || (verdict != null && verdict.startsWith("reject"));
    }
  }

  public static NftRuleset parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("libnftables' JSON could not be read: " + e.getOriginalMessage());
    }
    Map<ChainKey, Chain> chains = new LinkedHashMap<>();
    List<Rule> rules = new ArrayList<>();
    for (JsonNode item : root.path("nftables")) {
      JsonNode chain = item.get("chain");
      if (chain != null) {
        ChainKey key = new ChainKey(chain.path("family").asText(), chain.path("table").asText(),
            chain.path("name").asText());
        List<String> devices = new ArrayList<>();
        if (chain.has("dev")) {
          strings(chain.get("dev"), devices);
        }
        if (chain.has("devices")) {
          strings(chain.get("devices"), devices);
        }
        chains.put(key, new Chain(key, textOrNull(chain.get("hook")), textOrNull(chain.get("policy")),
            List.copyOf(devices)));
      }
      JsonNode rule = item.get("rule");
      if (rule != null) {
        rules.add(rule(rule));
      }
    }
    return new NftRuleset(chains, rules);
  }

  private static Rule rule(JsonNode rule) {
    ChainKey key = new ChainKey(rule.path("family").asText(), rule.path("table").asText(),
        rule.path("chain").asText());
    List<String> parts = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    String verdict = null;
    Long packets = null;
    Long bytes = null;
    for (JsonNode expr : rule.path("expr")) {
      Iterator<Map.Entry<String, JsonNode>> fields = expr.fields();
      if (!fields.hasNext()) {
        continue;
      }
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("counter")) {
        packets = (packets == null ? 0 : packets) + value.path("packets").asLong();
        bytes = (bytes == null ? 0 : bytes) + value.path("bytes").asLong();
      } else if (VERDICTS.contains(name)) {
        verdict = name + (value != null && value.has("target") ? " " + value.get("target").asText() : "");
        parts.add(verdict);
      } else if (name.equals("match")) {
        JsonNode left = value.path("left");
        if (left.has("meta") && DEVICE_KEYS.contains(left.path("meta").path("key").asText())) {
          strings(value.path("right"), devices);
        }
        String op = value.path("op").asText("==");
        parts.add(operand(left) + (op.equals("==") || op.equals("in") ? "" : " " + op) + " " + operand(value.path("right")));
      } else {
        parts.add(name + (value == null || value.isNull() ? "" : " " + value));
      }
    }
    return new Rule(key, rule.path("handle").asLong(), String.join(" ", parts), verdict, packets, bytes,
        List.copyOf(devices));
  }

  private static String operand(JsonNode node) {
    if (node.isTextual()) {
      return node.asText().matches("[A-Za-z0-9_.:/-]+") ? node.asText() : "\"" + node.asText() + "\"";
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    if (node.has("meta")) {
      return node.get("meta").path("key").asText();
    }
    if (node.has("payload")) {
      JsonNode payload = node.get("payload");
      return payload.path("protocol").asText() + " " + payload.path("field").asText();
    }
    if (node.has("set")) {
      List<String> items = new ArrayList<>();
      for (JsonNode element : node.get("set")) {
        items.add(operand(element));
      }
      return "{ " + String.join(", ", items) + " }";
    }
    if (node.has("prefix")) {
      return node.get("prefix").path("addr").asText() + "/" + node.get("prefix").path("len").asText();
    }
    if (node.has("range")) {
      return operand(node.get("range").path(0)) + "-" + operand(node.get("range").path(1));
    }
    return node.toString();
  }

  private static void strings(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(element -> strings(element, out));
    } else if (node.has("set")) {
      strings(node.get("set"), out);
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
