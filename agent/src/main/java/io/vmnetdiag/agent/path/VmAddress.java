package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.v1alpha1.AddressSource;

/**
 * The VM's IP address and where it came from.
 *
 * @param address an IP literal, or null when unknown
 * @param source where the address was learned
 */
public record VmAddress(String address, AddressSource source) {
  static final VmAddress UNKNOWN = new VmAddress(null, AddressSource.Unknown);
}
