package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's steps before validation, on a mutable object: drop fields the schema does not know
 * (pruning), drop nulls of non-nullable fields, then fill in defaults.
 */
final class PruningDefaulter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PruningDefaulter() {
  }

  /** Prunes and defaults {@code value} in place; returns the paths of the pruned fields. */
  static List<String> apply(Object value, JSONSchemaProps schema, String path) {
    List<String> pruned = new ArrayList<>();
    walk(value, schema, path, pruned);
    return pruned;
  }

  private static void walk(Object value, JSONSchemaProps schema, String path, List<String> pruned) {
    if (schema == null) {
      return;
    }
    if (value instanceof Map<?, ?> raw) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) raw;
      walkObject(object, schema, path, pruned);
    } else if (value instanceof List<?> list && schema.getItems() != null) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), schema.getItems().getSchema(), path + "[" + i + "]", pruned);
      }
    }
  }

  private static void walkObject(Map<String, Object> object, JSONSchemaProps schema, String path, List<String> pruned) {
    Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
    for (Iterator<Map.Entry<String, Object>> it = object.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Object> field = it.next();
      String fieldPath = StructuralSchemaValidator.child(path, field.getKey());
      JSONSchemaProps fieldSchema = properties.containsKey(field.getKey())
          ? properties.get(field.getKey()) : additionalPropertiesSchema(schema);
      if (fieldSchema == null) {
        if (!keepsUnknownFields(schema)) {
          it.remove();
          pruned.add(fieldPath);
        }
      } else if (field.getValue() == null && !Boolean.TRUE.equals(fieldSchema.getNullable())) {
        it.remove(); // since Kubernetes 1.20 such nulls are dropped, so a default can take their place
      } else {
        walk(field.getValue(), fieldSchema, fieldPath, pruned);
      }
    }
    properties.forEach((name, fieldSchema) -> {
      if (!object.containsKey(name) && fieldSchema.getDefault() != null) {
        Object defaulted = fromJson(fieldSchema);
        object.put(name, defaulted);
        walk(defaulted, fieldSchema, StructuralSchemaValidator.child(path, name), pruned);
      }
    });
  }

  private static boolean keepsUnknownFields(JSONSchemaProps schema) {
    return Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())
        || schema.getAdditionalProperties() != null && Boolean.TRUE.equals(schema.getAdditionalProperties().getAllows());
  }

  private static JSONSchemaProps additionalPropertiesSchema(JSONSchemaProps schema) {
    return schema.getAdditionalProperties() == null ? null : schema.getAdditionalProperties().getSchema();
  }

  /** A fresh mutable copy of the schema's default. */
  private static Object fromJson(JSONSchemaProps schema) {
    try {
      return JSON.treeToValue(schema.getDefault(), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable default " + schema.getDefault(), e);
    }
  }

  /** A deep mutable copy of a decoded object, so the caller's object is left as it was. */
  static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }
}
