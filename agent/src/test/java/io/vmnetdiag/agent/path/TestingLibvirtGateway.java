package io.vmnetdiag.agent.path;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A libvirt stand-in that answers with fixed facts and remembers what it was asked. */
final class TestingLibvirtGateway implements LibvirtGateway {
  private final DomainFacts facts;
  String askedUri;
  String askedDomain;
  Boolean askedGuestAgent;
  int guestAgentCalls;

  TestingLibvirtGateway(String domainXml, Set<String> vmDevices, Map<String, List<String>> guestAddresses) {
    this(new DomainFacts(domainXml, vmDevices, guestAddresses));
  }

  TestingLibvirtGateway(DomainFacts facts) {
    this.facts = facts;
  }

  @Override
  public DomainFacts inspect(String uri, String domainName, boolean askGuestAgent) {
    askedUri = uri;
    askedDomain = domainName;
    askedGuestAgent = askGuestAgent;
    return askGuestAgent ? facts
        : new DomainFacts(facts.domainXml(), facts.state(), facts.vmDevices(), Map.of(), facts.networks());
  }

  @Override
  public Map<String, List<String>> guestAddresses(String uri, String domainName) {
    guestAgentCalls++;
    return facts.guestAddressesByMac();
  }
}
