package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json (and the chart's own checks) refuse values that would install something broken. */
class ValuesSchemaTest {
  private static final String SCHEMA_ERROR = "values don't meet the specifications of the schema";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      replicas as a word                 | operator: {replicas: "two"}                     | '/operator/replicas'
      more standbys than useful          | operator: {replicas: 6}                         | '/operator/replicas'
      leader election as a word          | operator: {leaderElection: "yes"}               | '/operator/leaderElection'
      health port as text                | operator: {healthPort: "8081"}                  | '/operator/healthPort'
      privileged health port             | operator: {healthPort: 80}                      | '/operator/healthPort'
      health port beyond 65535           | operator: {healthPort: 70000}                   | '/operator/healthPort'
      negative replicas                  | operator: {replicas: -1}                        | '/operator/replicas'
      unknown pull policy                | image: {pullPolicy: Sometimes}                  | '/image/pullPolicy'
      numeric tag (1.10 would be 1.1)    | image: {tag: 1.10}                              | '/image/tag'
      tag with a digest in it            | image: {tag: "0.1.0@sha256:abc"}                | '/image/tag'
      digest that is not sha256          | image: {digest: "md5:abc"}                      | '/image/digest'
      empty repository                   | image: {repository: ""}                         | '/image/repository'
      misspelt operator key              | operator: {nodeselector: {a: b}}                | 'nodeselector' not allowed
      misspelt top-level key             | imagePullSecret: [{name: regcred}]              | 'imagePullSecret' not allowed
      pull secret as plain string        | imagePullSecrets: [regcred]                     | '/imagePullSecrets/0'
      node selector with a number        | operator: {nodeSelector: {zone: 7}}             | '/operator/nodeSelector/zone'
      toleration with a bad effect       | operator: {tolerations: [{effect: NoRun}]}      | '/operator/tolerations/0/effect'
      affinity typo                      | operator: {affinity: {nodeAfinity: {}}}         | 'nodeAfinity' not allowed
      resources typo                     | operator: {resources: {limit: {memory: 1Gi}}}   | 'limit' not allowed
      memory that is no quantity         | operator: {resources: {limits: {memory: lots}}} | '/operator/resources/limits/memory'
      relative libvirt socket dir        | agent: {libvirtSocketDir: var/run/libvirt}      | '/agent/libvirtSocketDir'
      zero startup grace                 | agent: {startupGraceSeconds: 0}                 | '/agent/startupGraceSeconds'
      fractional startup grace           | agent: {startupGraceSeconds: 1.5}               | '/agent/startupGraceSeconds'
      startup grace as text              | agent: {startupGraceSeconds: "2m"}              | '/agent/startupGraceSeconds'
      relative pcap dir                  | agent: {pcapHostDir: captures}                  | '/agent/pcapHostDir'
      pcap dir with a trailing slash     | agent: {pcapHostDir: /srv/pcap/}                | '/agent/pcapHostDir'
      pcap dir at the node's root        | agent: {pcapHostDir: /}                         | '/agent/pcapHostDir'
      namespace that is no DNS label     | watchNamespaces: [VMs]                          | '/watchNamespaces/0'
      capture pod key misspelt           | capture: {pod: {toleration: []}}                | 'toleration' not allowed
      capture memory that is no quantity | capture: {pod: {resources: {limits: {memory: lots}}}} | '/capture/pod/resources/limits/memory'
      capture annotation with a number   | capture: {pod: {annotations: {a: 1}}}           | '/capture/pod/annotations/a'
      """)
  void schemaRejects(String scenario, String valuesYaml, String messageMentions) {
    assertThatThrownBy(() -> Chart.render(valuesYaml))
        .as(scenario)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining(messageMentions);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      service account without a name       | serviceAccount: {create: false}                | serviceAccount.name is required
      two operators without leader vote    | operator: {replicas: 2, leaderElection: false} | operator.replicas > 1 needs operator.leaderElection
      """)
  void chartRefuses(String scenario, String valuesYaml, String messageMentions) {
    assertThatThrownBy(() -> Chart.render(valuesYaml))
        .as(scenario)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(messageMentions);
  }
}
