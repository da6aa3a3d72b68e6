package io.vmnetdiag.api.v1alpha1;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.vmnetdiag.api.net.IpLiteral;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates {@code x-kubernetes-validations} rules with the real CEL engine, {@code self} bound as dyn.
 * Of Kubernetes' own CEL libraries only {@code isIP(string)} is declared; a rule using another one
 * (isURL, quantity, cidr, k8s lists/regex) fails to compile and is reported, never silently passed.
 */
final class CelRuleEvaluator {
  private static final CelOptions OPTIONS = CelOptions.current().build();
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), all(), exists(), map(), filter()
      .addVar("self", SimpleType.DYN)
      // The CEL extension libraries Kubernetes also enables for CRD rules.
      .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
      .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
      .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("isIP",
          CelOverloadDecl.newGlobalOverload("is_ip_string", SimpleType.BOOL, SimpleType.STRING)))
      .addFunctionBindings(CelFunctionBinding.from("is_ip_string", String.class, CelRuleEvaluator::isIp))
      .build();

  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** The failed rules of every schema node in {@code value}, as the API server words them. */
  List<String> violations(Object value, JSONSchemaProps schema, String path) {
    List<String> errors = new ArrayList<>();
    if (value == null || schema == null) {
      return errors;
    }
    if (value instanceof Map<?, ?> object) {
      Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
      JSONSchemaProps additional = schema.getAdditionalProperties() == null ? null : schema.getAdditionalProperties().getSchema();
      object.forEach((name, field) -> errors.addAll(violations(field,
          properties.getOrDefault(String.valueOf(name), additional), StructuralSchemaValidator.child(path, String.valueOf(name)))));
    } else if (value instanceof List<?> list && schema.getItems() != null) {
      for (int i = 0; i < list.size(); i++) {
        errors.addAll(violations(list.get(i), schema.getItems().getSchema(), path + "[" + i + "]"));
      }
    }
    for (ValidationRule rule : Optional.ofNullable(schema.getXKubernetesValidations()).orElse(List.of())) {
      if (!usesOldSelf(rule)) { // transition rules only run on update
        String rulePath = rule.getFieldPath() == null ? path : path + rule.getFieldPath();
        violation(rule, value).ifPresent(message ->
            errors.add(FieldErrors.ruleFailed(rule.getReason(), rulePath, schema.getType(), message)));
      }
    }
    return errors;
  }

  /** True for transition rules, which only run on update and are skipped here. */
  static boolean usesOldSelf(ValidationRule rule) {
    return rule.getRule().matches("(?s).*\\boldSelf\\b.*");
  }

  /** Empty when the rule holds for {@code self}; otherwise the message the API server would give. */
  private Optional<String> violation(ValidationRule rule, Object self) {
    Object result;
    try {
      result = program(rule.getRule()).eval(Map.of("self", toCel(self)));
    } catch (CelValidationException e) {
      return Optional.of("compilation failed: " + e.getMessage() + " in rule: " + rule.getRule());
    } catch (CelEvaluationException e) {
      return Optional.of(e.getMessage() + " evaluating rule: " + rule.getRule());
    }
    if (Boolean.TRUE.equals(result)) {
      return Optional.empty();
    }
    if (!(result instanceof Boolean)) {
      return Optional.of("rule did not evaluate to a bool (" + result + "): " + rule.getRule());
    }
    boolean hasMessage = rule.getMessage() != null && !rule.getMessage().isBlank();
    return Optional.of(hasMessage ? rule.getMessage() : "failed rule: " + rule.getRule());
  }

  private CelRuntime.Program program(String rule) throws CelValidationException, CelEvaluationException {
    CelRuntime.Program cached = programs.get(rule);
    if (cached == null) {
      cached = CEL.createProgram(CEL.compile(rule).getAst());
      programs.put(rule, cached);
    }
    return cached;
  }

  /** Kubernetes' isIP (k8s.io/apiserver cel/library/ip.go): no zones, no leading zeros, no IPv4-mapped IPv6. */
  private static boolean isIp(String text) {
    return text.equals(text.strip())
        && IpLiteral.parse(text).filter(ip -> !(ip instanceof Inet4Address && text.contains(":"))).isPresent();
  }

  /** CEL ints are Java longs and doubles are doubles; YAML decoding gives Integer and friends. */
  private static Object toCel(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), toCel(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(toCel(v)));
      return copy;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    return value;
  }
}
