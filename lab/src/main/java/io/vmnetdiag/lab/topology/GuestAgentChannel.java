package io.vmnetdiag.lab.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/** One way to reach a lab guest's qemu-guest-agent: libvirt's agent command, or the agent's own unix socket. */
@FunctionalInterface
interface GuestAgentChannel {
  /** Runs the agent command {@code execute} with {@code arguments}; returns its {@code return} member. */
  JsonNode call(String execute, Map<String, Object> arguments) throws IOException;
}
