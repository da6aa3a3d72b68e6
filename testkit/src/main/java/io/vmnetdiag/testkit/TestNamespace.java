package io.vmnetdiag.testkit;

/** The namespace a test owns on the control plane: created before it, deleted after it. */
public record TestNamespace(String name) {
  @Override
  public String toString() {
    return name;
  }
}
