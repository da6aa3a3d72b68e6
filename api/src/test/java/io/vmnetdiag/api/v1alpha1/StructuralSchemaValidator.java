package io.vmnetdiag.api.v1alpha1;

import com.google.re2j.Pattern;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a decoded object against a Kubernetes structural schema as the API server does for the
 * keywords our CRD uses: prune, default, then OpenAPI checks and CEL rules, with the server's messages.
 */
final class StructuralSchemaValidator {
  /** Root fields every custom resource has; the API server validates them itself. */
  private static final Set<String> IMPLICIT_ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /** What the server appends instead of running CEL rules when the object is malformed (strategy.go). */
  static final String RULES_NOT_CHECKED = "<nil>: Invalid value: \"null\": some validation rules were not checked"
      + " because the object was invalid; correct the existing errors to complete validation";

  private final CelRuleEvaluator cel = new CelRuleEvaluator();

  /** Validates a whole custom resource (apiVersion, kind and metadata are left to the server). */
  SchemaValidation validateResource(Map<String, Object> resource, JSONSchemaProps rootSchema) {
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) PruningDefaulter.deepCopy(resource);
    IMPLICIT_ROOT_FIELDS.forEach(body::remove);
    return validate(body, rootSchema);
  }

  /** Validates any value against a schema; the value itself is not changed. */
  SchemaValidation validate(Object value, JSONSchemaProps schema) {
    Object stored = PruningDefaulter.deepCopy(value);
    List<String> pruned = PruningDefaulter.apply(stored, schema, "");
    Findings schemaErrors = new Findings();
    check(stored, schema, "", schemaErrors);
    List<String> errors = new ArrayList<>(schemaErrors.lines);
    if (schemaErrors.blocksRules) {
      errors.add(RULES_NOT_CHECKED);
    } else {
      errors.addAll(cel.violations(stored, schema, ""));
    }
    return new SchemaValidation(stored, List.copyOf(pruned), List.copyOf(errors));
  }

  static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private void check(Object value, JSONSchemaProps schema, String path, Findings errors) {
    if (value == null) {
      if (!Boolean.TRUE.equals(schema.getNullable())) {
        errors.addBlocking(FieldErrors.invalid(path, "null", path + " in body must be of type " + schema.getType() + ": \"null\""));
      }
      return;
    }
    if (schema.getType() != null && !JsonTypes.hasType(value, schema.getType())) {
      String actual = JsonTypes.typeOf(value);
      errors.addBlocking(FieldErrors.invalid(path, actual,
          path + " in body must be of type " + schema.getType() + ": " + FieldErrors.quote(actual)));
      return;
    }
    if (value instanceof String text) {
      checkString(text, schema, path, errors);
    } else if (value instanceof Number number) {
      checkNumber(number, schema, path, errors);
    } else if (value instanceof List<?> list) {
      checkArray(list, schema, path, errors);
    } else if (value instanceof Map<?, ?> object) {
      checkObject(object, schema, path, errors);
    }
    checkEnum(value, schema, path, errors);
  }

  private void checkString(String text, JSONSchemaProps schema, String path, Findings errors) {
    long length = text.codePointCount(0, text.length());
    if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
      errors.addBlocking(FieldErrors.tooLong(path, schema.getMaxLength()));
    }
    if (schema.getMinLength() != null && length < schema.getMinLength()) {
      errors.add(FieldErrors.invalid(path, text, path + " in body should be at least " + schema.getMinLength() + " chars long"));
    }
    // Go's regexp (RE2) semantics: an unanchored search, no backtracking constructs.
    if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
      errors.add(FieldErrors.invalid(path, text, path + " in body should match '" + schema.getPattern() + "'"));
    }
  }

  private void checkNumber(Number number, JSONSchemaProps schema, String path, Findings errors) {
    double n = number.doubleValue();
    Double min = schema.getMinimum();
    Double max = schema.getMaximum();
    boolean exclusiveMin = Boolean.TRUE.equals(schema.getExclusiveMinimum());
    boolean exclusiveMax = Boolean.TRUE.equals(schema.getExclusiveMaximum());
    if (min != null && (exclusiveMin ? n <= min : n < min)) {
      errors.add(FieldErrors.invalid(path, number, path + " in body should be greater than "
          + (exclusiveMin ? "" : "or equal to ") + FieldErrors.quote(min)));
    }
    if (max != null && (exclusiveMax ? n >= max : n > max)) {
      errors.add(FieldErrors.invalid(path, number, path + " in body should be less than "
          + (exclusiveMax ? "" : "or equal to ") + FieldErrors.quote(max)));
    }
  }

  private void checkArray(List<?> list, JSONSchemaProps schema, String path, Findings errors) {
    if (schema.getMaxItems() != null && list.size() > schema.getMaxItems()) {
      errors.addBlocking(FieldErrors.tooMany(path, list.size(), schema.getMaxItems()));
    }
    if (schema.getMinItems() != null && list.size() < schema.getMinItems()) {
      errors.add(FieldErrors.invalid(path, list.size(), path + " in body should have at least " + schema.getMinItems() + " items"));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      for (int i = 0; i < list.size(); i++) {
        check(list.get(i), schema.getItems().getSchema(), path + "[" + i + "]", errors);
      }
    }
  }

  private void checkObject(Map<?, ?> object, JSONSchemaProps schema, String path, Findings errors) {
    if (schema.getRequired() != null) {
      schema.getRequired().stream()
          .filter(name -> !object.containsKey(name))
          .forEach(name -> errors.addBlocking(FieldErrors.required(child(path, name))));
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
    object.forEach((name, fieldValue) -> {
      JSONSchemaProps fieldSchema = properties.get(String.valueOf(name));
      if (fieldSchema == null && schema.getAdditionalProperties() != null) {
        fieldSchema = schema.getAdditionalProperties().getSchema();
      }
      if (fieldSchema != null) {
        check(fieldValue, fieldSchema, child(path, String.valueOf(name)), errors);
      }
    });
  }

  private void checkEnum(Object value, JSONSchemaProps schema, String path, Findings errors) {
    if (schema.getEnum() == null || schema.getEnum().isEmpty()) {
      return;
    }
    List<Object> allowed = schema.getEnum().stream().map(JsonTypes::fromJson).toList();
    if (allowed.stream().noneMatch(a -> JsonTypes.sameValue(a, value))) {
      errors.addBlocking(FieldErrors.unsupported(path, value, allowed));
    }
  }

  /** Schema errors; type, required, enum and size errors keep the server from running CEL rules. */
  private static final class Findings {
    final List<String> lines = new ArrayList<>();
    boolean blocksRules;

    void add(String line) {
      lines.add(line);
    }

    void addBlocking(String line) {
      lines.add(line);
      blocksRules = true;
    }
  }
}
