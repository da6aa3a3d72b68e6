package io.vmnetdiag.lab.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerPrivilegesTest {
  @Test
  void dropAllAddTwoKeepsOnlyThoseTwoWithoutEscalation() {
    Container container = new ContainerBuilder().withNewSecurityContext().withRunAsUser(0L)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").withAdd("NET_RAW", "CAP_NET_ADMIN").endCapabilities()
        .endSecurityContext().build();

    assertThat(ContainerPrivileges.setprivPrefix(null, container)).containsExactly("setpriv",
        "--bounding-set", "-all,+net_admin,+net_raw", "--inh-caps", "-all", "--ambient-caps", "-all", "--no-new-privs", "--");
  }

  @Test
  void withoutDropAllTheRuntimeDefaultsStayMinusWhatIsDropped() {
    Container container = new ContainerBuilder().withNewSecurityContext()
        .withNewCapabilities().withDrop("NET_RAW").withAdd("NET_ADMIN").endCapabilities().endSecurityContext().build();

    List<String> prefix = ContainerPrivileges.setprivPrefix(null, container);

    String bounding = prefix.get(prefix.indexOf("--bounding-set") + 1);
    assertThat(bounding).contains("+chown", "+kill", "+net_admin").doesNotContain("net_raw", "sys_admin");
    assertThat(prefix).doesNotContain("--no-new-privs");
  }

  @Test
  void aNonRootUserFromThePodIsTakenWithItsGroup() {
    Container container = new ContainerBuilder().withName("c").build();

    List<String> prefix = ContainerPrivileges.setprivPrefix(
        new PodSecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(2000L).build(), container);

    assertThat(prefix).contains("--reuid=1000", "--regid=2000", "--clear-groups");
  }

  @Test
  void aPrivilegedContainerRunsUnchanged() {
    Container container = new ContainerBuilder().withNewSecurityContext().withPrivileged(true).endSecurityContext().build();

    assertThat(ContainerPrivileges.setprivPrefix(null, container)).isEmpty();
  }
}
