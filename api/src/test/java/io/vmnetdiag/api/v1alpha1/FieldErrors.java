package io.vmnetdiag.api.v1alpha1;

import java.util.List;
import java.util.stream.Collectors;

/** Error lines worded as k8s.io/apimachinery's field.Error prints them, e.g. {@code spec.x: Required value}. */
final class FieldErrors {
  private FieldErrors() {
  }

  static String required(String path) {
    return path + ": Required value";
  }

  static String invalid(String path, Object value, String detail) {
    return path + ": Invalid value: " + quote(value) + ": " + detail;
  }

  static String tooLong(String path, long max) {
    return path + ": Too long: may not be longer than " + max;
  }

  static String tooMany(String path, int actual, long max) {
    return path + ": Too many: " + actual + ": must have at most " + max + " items";
  }

  static String unsupported(String path, Object value, List<Object> supported) {
    return path + ": Unsupported value: " + quote(value) + ": supported values: "
        + supported.stream().map(FieldErrors::quote).collect(Collectors.joining(", "));
  }

  /** A failed CEL rule; its optional {@code reason} picks the error type, Invalid value by default. */
  static String ruleFailed(String reason, String path, String schemaType, String message) {
    return switch (reason == null ? "FieldValueInvalid" : reason) {
      case "FieldValueForbidden" -> path + ": Forbidden: " + message;
      case "FieldValueRequired" -> path + ": Required value: " + message;
      case "FieldValueDuplicate" -> path + ": Duplicate value: " + quote(schemaType) + ": " + message;
      default -> invalid(path, schemaType, message);
    };
  }

  /** Values as Go's %#v prints them: strings quoted, numbers bare, whole doubles without a fraction. */
  static String quote(Object value) {
    if (value instanceof String s) {
      return "\"" + s.replace("\"", "\\\"") + "\"";
    }
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return String.valueOf(d.longValue());
    }
    return String.valueOf(value);
  }
}
