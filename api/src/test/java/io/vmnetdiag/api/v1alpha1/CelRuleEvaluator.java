package io.vmnetdiag.api.v1alpha1;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates {@code x-kubernetes-validations} rules with the real CEL engine, {@code self} bound as dyn.
 * Kubernetes' own CEL libraries (isIP, isURL, quantity, k8s lists/regex) are not here: a rule using them
 * fails to compile and is reported, never silently passed.
 */
final class CelRuleEvaluator {
  private static final CelOptions OPTIONS = CelOptions.current().build();
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(OPTIONS)
      .addVar("self", SimpleType.DYN)
      // The CEL extension libraries Kubernetes also enables for CRD rules.
      .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
      .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
      .build();

  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** True for transition rules, which only run on update and are skipped here. */
  static boolean usesOldSelf(ValidationRule rule) {
    return rule.getRule().matches("(?s).*\\boldSelf\\b.*");
  }

  /** Empty when the rule holds for {@code self}; otherwise the message the API server would give. */
  Optional<String> violation(ValidationRule rule, Object self) {
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
    if (value instanceof Float || value instanceof java.math.BigDecimal) {
      return ((Number) value).doubleValue();
    }
    return value;
  }
}
