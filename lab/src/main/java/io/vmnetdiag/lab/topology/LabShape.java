package io.vmnetdiag.lab.topology;

/** The shapes {@code lab-up.sh} builds (env {@code LAB_SHAPE}); names and addresses per shape are in lab-common.sh. */
public enum LabShape {
  /** Names vndbrID / vndupID / vndtpID, a /24, gateway .1, clients .2-.4, the VM at .51. */
  DEFAULT("default"),
  /**
   * The source case's shape inside the node's namespace: uplink {@code vlan.700}, bridge {@code eth0.700},
   * tap {@code 021f00}, the VM {@code 00:16:3e:02:1f:00} at x.x.N.251 in a /22, the gateway .247 in another
   * /24 of it, 8 clients.
   */
  SEED("seed");

  private final String scriptName;

  LabShape(String scriptName) {
    this.scriptName = scriptName;
  }

  /** The value of {@code LAB_SHAPE}. */
  public String scriptName() {
    return scriptName;
  }

  /** The shape a script names. */
  public static LabShape fromScriptName(String name) {
    for (LabShape shape : values()) {
      if (shape.scriptName.equals(name)) {
        return shape;
      }
    }
    throw new IllegalArgumentException("unknown lab shape: " + name);
  }
}
