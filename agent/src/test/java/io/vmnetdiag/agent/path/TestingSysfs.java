package io.vmnetdiag.agent.path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a fake {@code /sys/class/net} tree in a test's temporary folder. */
final class TestingSysfs {
  private final Path root;

  TestingSysfs(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** A Linux bridge with the given ports (each port must be added as a device too). */
  TestingSysfs bridge(String name, String... ports) {
    mkdirs(root.resolve(name).resolve("bridge"));
    mkdirs(root.resolve(name).resolve("brif"));
    for (String port : ports) {
      mkdirs(root.resolve(name).resolve("brif").resolve(port));
    }
    return this;
  }

  /** A virtual device such as a veth or VXLAN: no tun_flags, no device link. */
  TestingSysfs veth(String name) {
    mkdirs(root.resolve(name));
    return this;
  }

  /** A tun/tap device: sysfs gives it a tun_flags file. */
  TestingSysfs tap(String name) {
    mkdirs(root.resolve(name));
    write(root.resolve(name).resolve("tun_flags"), "0x1002\n");
    return this;
  }

  /** A hardware NIC: sysfs links it to its device (a dangling link is enough here). */
  TestingSysfs physical(String name) {
    mkdirs(root.resolve(name));
    try {
      Files.createSymbolicLink(root.resolve(name).resolve("device"), Path.of("../../../0000:00:03.0"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
