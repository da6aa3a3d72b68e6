package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.testkit.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtTestNodeTest {

  @Test
  @LabTest(root = false, tools = "virsh")
  void libvirtTestDriverKeepsTargetDevSourceBridgeAndMacAsWritten(@TempDir Path dir) throws Exception {
    Path node = dir.resolve("node.xml");
    Files.writeString(node, LibvirtTestNode.render("vm-abc123", "52:54:00:0a:0b:0c", "vndbrabc123", "vndtpabc123"));

    String xml = Virsh.dumpxml(node, "vm-abc123");

    assertThat(xml).contains("<name>vm-abc123</name>", "<interface type='bridge'>",
        "<mac address='52:54:00:0a:0b:0c'/>", "<source bridge='vndbrabc123'/>", "<target dev='vndtpabc123'/>");
  }

  @Test
  void sameDomainNameGivesTheSameDocumentAndValuesAreEscaped() {
    assertThat(LibvirtTestNode.render("a", "m", "b", "t")).isEqualTo(LibvirtTestNode.render("a", "m", "b", "t"));
    assertThat(LibvirtTestNode.render("x'<y", "m", "b", "t")).contains("<name>x&apos;&lt;y</name>");
  }
}
