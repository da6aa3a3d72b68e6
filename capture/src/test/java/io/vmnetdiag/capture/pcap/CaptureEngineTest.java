package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CaptureEngineTest {
  /** The suite may run with -Dvmnetdiag.capture.engine=pcap4j: put it back for the tests after this one. */
  private final String before = System.getProperty(CaptureEngine.PROPERTY);

  @BeforeEach
  void clear() {
    System.clearProperty(CaptureEngine.PROPERTY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(CaptureEngine.PROPERTY);
    } else {
      System.setProperty(CaptureEngine.PROPERTY, before);
    }
  }

  @Test
  void theRingIsTheDefault() {
    assertThat(CaptureEngine.configured()).isEqualTo(CaptureEngine.RING);
    System.setProperty(CaptureEngine.PROPERTY, "something else");
    assertThat(CaptureEngine.configured()).isEqualTo(CaptureEngine.RING);
  }

  @Test
  void pcap4jIsChosenByName() {
    System.setProperty(CaptureEngine.PROPERTY, " PCAP4J ");
    assertThat(CaptureEngine.configured()).isEqualTo(CaptureEngine.PCAP4J);
  }

  @Test
  void linkTypesAreNamedAsLibpcapNamesThem() {
    assertThat(RingSource.linkTypeName(65534)).isEqualTo("RAW");
    assertThat(RingSource.linkTypeName(512)).isEqualTo("LINUX_SLL");
    assertThat(RingSource.linkTypeName(4242)).isEqualTo("ARPHRD_4242");
  }
}
