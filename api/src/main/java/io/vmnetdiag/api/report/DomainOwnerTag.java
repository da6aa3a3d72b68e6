package io.vmnetdiag.api.report;

/**
 * The owner tag an administrator puts in a libvirt domain's {@code <metadata>} and a DiagnosisPolicy grant may
 * require: {@code <owner xmlns="https://vmnetdiag.io/xmlns/owner/1">team-a</owner>}, as
 * {@code virsh metadata DOMAIN --uri https://vmnetdiag.io/xmlns/owner/1 --key vmnetdiag --set '<owner>team-a</owner>'}
 * writes it.
 */
public final class DomainOwnerTag {
  public static final String NAMESPACE_URI = "https://vmnetdiag.io/xmlns/owner/1";
  public static final String ELEMENT = "owner";
  /** The agent's failure reason when the domain does not carry the owner the request requires. */
  public static final String NOT_OWNED = "DomainNotOwned";

  private DomainOwnerTag() {
  }
}
