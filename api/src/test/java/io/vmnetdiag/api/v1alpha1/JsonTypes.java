package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** OpenAPI type names of decoded JSON/YAML values (maps, lists, strings, numbers, booleans). */
final class JsonTypes {
  private JsonTypes() {
  }

  static boolean hasType(Object value, String type) {
    return switch (type) {
      case "object" -> value instanceof Map;
      case "array" -> value instanceof List;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "integer" -> isInteger(value);
      case "number" -> value instanceof Number;
      default -> true;
    };
  }

  static String typeOf(Object value) {
    if (value instanceof Map) {
      return "object";
    }
    if (value instanceof List) {
      return "array";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return isInteger(value) ? "integer" : "number";
  }

  /** Equality as JSON sees it: 96 and 96.0 are the same number. */
  static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a.equals(b);
  }

  /** A schema keyword's JSON value (enum entry) as a decoded Java value. */
  static Object fromJson(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    return node.isBoolean() ? node.asBoolean() : node.toString();
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger;
  }
}
