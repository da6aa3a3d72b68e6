package io.vmnetdiag.capture.pcap;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A filter expression compiled by libpcap into classic BPF for an Ethernet link ({@code pcap_open_dead} +
 * {@code pcap_compile}): the very code tcpdump and pcap4j attach, ready for {@code SO_ATTACH_FILTER}.
 * Its accept instructions return the snap length, so the kernel itself cuts frames to it.
 */
final class BpfCode {
  /** struct sock_filter / struct bpf_insn: u16 code, u8 jt, u8 jf, u32 k. */
  static final int INSTRUCTION_BYTES = 8;
  /** struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; } on 64-bit. */
  static final int PROGRAM_BYTES = 16;
  static final int PROGRAM_INSNS = 8;
  private static final int DLT_EN10MB = 1;
  private static final int OPTIMIZE = 1;
  private static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;

  private interface Pcap extends Library {
    Pointer pcap_open_dead(int linkType, int snapLength);

    int pcap_compile(Pointer pcap, Pointer program, String expression, int optimize, int netmask);

    String pcap_geterr(Pointer pcap);

    void pcap_freecode(Pointer program);

    void pcap_close(Pointer pcap);
  }

  private static Pcap pcap;

  private final Memory instructions;
  private final int count;

  private BpfCode(Memory instructions, int count) {
    this.instructions = instructions;
    this.count = count;
  }

  /** Compiles {@code expression}; a bad expression or a missing libpcap fails with a sentence. */
  static synchronized BpfCode compile(String expression, int snapLength) throws CaptureFailure {
    Pcap lib;
    try {
      lib = library();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw CaptureFailure.because("libpcap could not be loaded to compile the capture filter", e);
    }
    Pointer dead = lib.pcap_open_dead(DLT_EN10MB, snapLength);
    if (dead == null) {
      throw new CaptureFailure("libpcap could not compile the capture filter (pcap_open_dead failed).");
    }
    Memory program = new Memory(PROGRAM_BYTES);
    program.clear();
    try {
      if (lib.pcap_compile(dead, program, expression == null ? "" : expression, OPTIMIZE, PCAP_NETMASK_UNKNOWN) != 0) {
        throw new CaptureFailure("The capture filter \"" + expression + "\" does not compile: "
            + lib.pcap_geterr(dead) + ".");
      }
      int count = program.getInt(0);
      Memory copy = new Memory((long) Math.max(1, count) * INSTRUCTION_BYTES);
      copy.write(0, program.getPointer(PROGRAM_INSNS).getByteArray(0, count * INSTRUCTION_BYTES), 0,
          count * INSTRUCTION_BYTES);
      lib.pcap_freecode(program);
      return new BpfCode(copy, count);
    } finally {
      lib.pcap_close(dead);
    }
  }

  /** Number of instructions. */
  int count() {
    return count;
  }

  /** The instructions, {@link #INSTRUCTION_BYTES} each. */
  Pointer instructions() {
    return instructions;
  }

  private static Pcap library() {
    if (pcap == null) {
      PcapLibrary.configure();
      pcap = Native.load(System.getProperty(PcapLibrary.PROPERTY, "pcap"), Pcap.class);
    }
    return pcap;
  }
}
