package io.vmnetdiag.lab;

import io.vmnetdiag.testkit.LabTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A {@link LabScenario} test with a real VM: as {@link LabScenarioTest}, plus qemu and libvirt's daemon and client. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "socat", "trafgen", "sysctl",
    "qemu-system-x86_64", "libvirtd", "virsh"}, controlPlane = true)
@interface RealVmScenarioTest {
}
