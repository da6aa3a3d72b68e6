package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LibvirtTargetJsonTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void theInterfaceIsNamedInterfaceOnTheWire() throws Exception {
    LibvirtTarget target = mapper.readValue(
        "{\"node\":\"n\",\"domain\":\"d\",\"interface\":\"52:54:00:ab:cd:01\"}", LibvirtTarget.class);

    assertThat(target.getInterfaceName()).isEqualTo("52:54:00:ab:cd:01");
    assertThat(mapper.readTree(mapper.writeValueAsString(target)).has("interface")).isTrue();
    assertThat(mapper.readTree(mapper.writeValueAsString(target)).has("interfaceName")).isFalse();
  }
}
