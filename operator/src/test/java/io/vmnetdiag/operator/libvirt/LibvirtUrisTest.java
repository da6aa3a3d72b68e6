package io.vmnetdiag.operator.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LibvirtUrisTest {
  private final LibvirtUris uris = LibvirtUris.parse("qemu:///system", """
      [{"nodeSelector": {"vmnetdiag.io/libvirt": "lab"}, "uri": "test:///lab/node.xml"},
       {"nodeSelector": {"pool": "edge"}, "uri": "qemu+unix:///system?socket=/run/libvirt/edge-sock-ro"}]
      """);

  @Test
  void theFirstGroupWhoseSelectorTheNodeMatchesNamesTheUri() {
    assertThat(uris.uriFor(Map.of("vmnetdiag.io/libvirt", "lab", "pool", "edge"))).isEqualTo("test:///lab/node.xml");
    assertThat(uris.uriFor(Map.of("pool", "edge"))).isEqualTo("qemu+unix:///system?socket=/run/libvirt/edge-sock-ro");
  }

  @Test
  void aNodeNoGroupSelectsGetsTheDefault() {
    assertThat(uris.uriFor(Map.of("pool", "core"))).isEqualTo("qemu:///system");
    assertThat(uris.uriFor(null)).isEqualTo("qemu:///system");
  }

  @Test
  void remoteTransportsAreRefusedAtStartup() {
    assertThatThrownBy(() -> LibvirtUris.of("qemu+ssh://other/system"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not local");
    assertThatThrownBy(() -> LibvirtUris.parse("qemu:///system", "[{\"nodeSelector\": {}, \"uri\": \"qemu+tcp://x/system\"}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qemu+tcp://x/system is not local");
  }

  @Test
  void groupsThatAreNotJsonAreRefusedAtStartup() {
    assertThatThrownBy(() -> LibvirtUris.parse("qemu:///system", "pool=edge"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON list");
  }
}
