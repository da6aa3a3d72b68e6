package io.vmnetdiag.api.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;

/**
 * A schema customizer that deep-merges its JSON input into a class' generated schema: objects merge key by key,
 * anything else replaces. For what no annotation says on a field (a list-map, an enum or format on a String).
 * Fabric8's own MergePatchCustomizer replaces nested maps whole, dropping the other properties.
 */
public final class SchemaMerge implements SchemaCustomizer.Customizer {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public JSONSchemaProps apply(JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    ObjectNode schema = JSON.valueToTree(serialization.convertValue(props, Map.class));
    try {
      merge(schema, (ObjectNode) JSON.readTree(input));
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("schema customization is not a JSON object: " + input, e);
    }
    return serialization.convertValue(JSON.convertValue(schema, Map.class), JSONSchemaProps.class);
  }

  static void merge(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode patchObject) {
        merge(existingObject, patchObject);
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }
}
