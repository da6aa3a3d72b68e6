package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorRbacTest {

  /** Everything the operator does, as group/resource:verb; any widening of the role fails the test. */
  private static final List<String> GRANTS = List.of(
      "vmnetdiag.io/networkdiagnoses:get",
      "vmnetdiag.io/networkdiagnoses:list",
      "vmnetdiag.io/networkdiagnoses:watch",
      "vmnetdiag.io/networkdiagnoses/status:get",
      "vmnetdiag.io/networkdiagnoses/status:update",
      "vmnetdiag.io/networkdiagnoses/status:patch",
      "/pods:get",
      "/pods:list",
      "/pods:watch",
      "/pods:create",
      "/pods:delete",
      "/pods/log:get",
      "/events:create",
      "/events:patch");

  private final ClusterRole role = Chart.render(null).single(ClusterRole.class);

  @Test
  void grantsExactlyWhatTheOperatorUses() {
    assertThat(grants(role.getRules())).containsExactlyInAnyOrderElementsOf(GRANTS);
  }

  @Test
  void grantsNoNamedOrNonResourceAccessAndAggregatesNothing() {
    assertThat(role.getRules()).allSatisfy(rule -> {
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    });
    assertThat(role.getAggregationRule()).isNull();
  }

  @Test
  void canBeLeftToTheUser() {
    Chart.Rendered rendered = Chart.render("rbac: {create: false}");

    assertThat(rendered.kinds()).containsExactly("Deployment", "ServiceAccount");
  }

  private static List<String> grants(List<PolicyRule> rules) {
    List<String> grants = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return grants;
  }
}
