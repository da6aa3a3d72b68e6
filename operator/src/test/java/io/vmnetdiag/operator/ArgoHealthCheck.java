package io.vmnetdiag.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.testkit.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The chart's Argo CD health check (helm/vmnetdiag/files/argocd-health.lua) run by a real Lua runtime (luaj) the way
 * Argo CD runs it: the resource as the global {@code obj}, the returned table's {@code status} and {@code message}.
 */
final class ArgoHealthCheck {
  static final Path SCRIPT = ControlPlane.repositoryRoot().resolve("helm/vmnetdiag/files/argocd-health.lua");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Argo CD's verdict on one resource. */
  record Health(String status, String message) {
  }

  private ArgoHealthCheck() {
  }

  /** The health of a resource given as JSON, as the API server serves it. */
  static Health of(JsonNode resource) {
    try {
      Globals globals = JsePlatform.standardGlobals();
      globals.set("obj", lua(resource));
      LuaValue hs = globals.load(Files.readString(SCRIPT), "argocd-health.lua").call();
      LuaValue message = hs.get("message");
      return new Health(hs.get("status").tojstring(), message.isnil() ? null : message.tojstring());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Health of(String json) {
    try {
      return of(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The health of a diagnosis as the server holds it now: the JSON Argo CD would read. */
  static Health ofServer(KubernetesClient client, String namespace, String name) {
    var raw = client.genericKubernetesResources("vmnetdiag.io/v1alpha1", "NetworkDiagnosis").inNamespace(namespace)
        .withName(name).get();
    return of(client.getKubernetesSerialization().asJson(raw));
  }

  private static LuaValue lua(JsonNode node) {
    if (node == null || node.isNull()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), lua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble()); // Argo CD's Lua (gopher-lua) has float numbers only
    }
    return LuaValue.valueOf(node.asText());
  }
}
