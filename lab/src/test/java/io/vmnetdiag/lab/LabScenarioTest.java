package io.vmnetdiag.lab;

import io.vmnetdiag.testkit.LabTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A {@link LabScenario} test: root, the lab scripts' tools and the test control plane. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "socat", "trafgen", "sysctl"}, controlPlane = true)
@interface LabScenarioTest {
}
