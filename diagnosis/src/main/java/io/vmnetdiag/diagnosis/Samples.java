package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Picks a hop's kept packets by their fields: the capture recorded them as data, so nothing is read back from text. */
final class Samples {
  private Samples() {
  }

  /** The hop's samples travelling {@code direction} of one of {@code kinds}, in capture order. */
  static List<PacketSample> of(HopObservation hop, TrafficDirection direction, Set<PacketKind> kinds) {
    return hop.getSamples().stream().filter(travelling(direction, kinds)).toList();
  }

  static Predicate<PacketSample> travelling(TrafficDirection direction, Set<PacketKind> kinds) {
    return sample -> sample.getDirection() == direction && kinds.contains(sample.getKind());
  }

  /**
   * What makes two packets the same fact whatever their time: the guest asking who-has its gateway ten times
   * is one fact, worth one line.
   */
  static List<Object> sameFact(PacketSample sample) {
    return List.of(Objects.toString(sample.getDirection()), Objects.toString(sample.getKind()),
        Objects.toString(sample.getSource()), Objects.toString(sample.getDestination()),
        Objects.toString(sample.getDestinationPort()), Objects.toString(sample.getTarget()));
  }
}
