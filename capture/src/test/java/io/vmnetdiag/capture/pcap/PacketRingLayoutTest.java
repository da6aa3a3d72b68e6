package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-written offsets and sizes of the ring and socket code against the kernel headers'
 * structs, mirrored field by field below and laid out by JNA with the platform's C alignment rules.
 */
class PacketRingLayoutTest {
  /** linux/if_packet.h: struct tpacket3_hdr with its hv1 variant (tpacket_hdr_variant1) inlined. */
  @FieldOrder({"tp_next_offset", "tp_sec", "tp_nsec", "tp_snaplen", "tp_len", "tp_status", "tp_mac", "tp_net",
      "tp_rxhash", "tp_vlan_tci", "tp_vlan_tpid", "tp_padding_hv1", "tp_padding"})
  public static class Tpacket3Hdr extends Layout {
    public int tp_next_offset;
    public int tp_sec;
    public int tp_nsec;
    public int tp_snaplen;
    public int tp_len;
    public int tp_status;
    public short tp_mac;
    public short tp_net;
    public int tp_rxhash;
    public int tp_vlan_tci;
    public short tp_vlan_tpid;
    public short tp_padding_hv1;
    public byte[] tp_padding = new byte[8];
  }

  /** linux/if_packet.h: struct tpacket_block_desc with struct tpacket_hdr_v1 (the union's member) inlined. */
  @FieldOrder({"version", "offset_to_priv", "block_status", "num_pkts", "offset_to_first_pkt", "blk_len",
      "seq_num", "ts_first_sec", "ts_first_nsec", "ts_last_sec", "ts_last_nsec"})
  public static class TpacketBlockDesc extends Layout {
    public int version;
    public int offset_to_priv;
    public int block_status;
    public int num_pkts;
    public int offset_to_first_pkt;
    public int blk_len;
    public long seq_num;
    public int ts_first_sec;
    public int ts_first_nsec;
    public int ts_last_sec;
    public int ts_last_nsec;
  }

  /** linux/if_packet.h: struct tpacket_req3. */
  @FieldOrder({"tp_block_size", "tp_block_nr", "tp_frame_size", "tp_frame_nr", "tp_retire_blk_tov",
      "tp_sizeof_priv", "tp_feature_req_word"})
  public static class TpacketReq3 extends Layout {
    public int tp_block_size;
    public int tp_block_nr;
    public int tp_frame_size;
    public int tp_frame_nr;
    public int tp_retire_blk_tov;
    public int tp_sizeof_priv;
    public int tp_feature_req_word;
  }

  /** linux/if_packet.h: struct sockaddr_ll. */
  @FieldOrder({"sll_family", "sll_protocol", "sll_ifindex", "sll_hatype", "sll_pkttype", "sll_halen", "sll_addr"})
  public static class SockaddrLl extends Layout {
    public short sll_family;
    public short sll_protocol;
    public int sll_ifindex;
    public short sll_hatype;
    public byte sll_pkttype;
    public byte sll_halen;
    public byte[] sll_addr = new byte[8];
  }

  /** linux/if_packet.h: struct packet_mreq. */
  @FieldOrder({"mr_ifindex", "mr_type", "mr_alen", "mr_address"})
  public static class PacketMreq extends Layout {
    public int mr_ifindex;
    public short mr_type;
    public short mr_alen;
    public byte[] mr_address = new byte[8];
  }

  /** linux/if_packet.h: struct tpacket_stats_v3. */
  @FieldOrder({"tp_packets", "tp_drops", "tp_freeze_q_cnt"})
  public static class TpacketStatsV3 extends Layout {
    public int tp_packets;
    public int tp_drops;
    public int tp_freeze_q_cnt;
  }

  /** linux/filter.h: struct sock_fprog. */
  @FieldOrder({"len", "filter"})
  public static class SockFprog extends Layout {
    public short len;
    public Pointer filter;
  }

  /** pcap/bpf.h: struct bpf_program. */
  @FieldOrder({"bf_len", "bf_insns"})
  public static class BpfProgram extends Layout {
    public int bf_len;
    public Pointer bf_insns;
  }

  /** linux/filter.h: struct sock_filter (pcap's struct bpf_insn is the same). */
  @FieldOrder({"code", "jt", "jf", "k"})
  public static class SockFilter extends Layout {
    public short code;
    public byte jt;
    public byte jf;
    public int k;
  }

  /** net/if.h: struct ifreq, its union's largest member (struct ifmap) standing in for the union. */
  @FieldOrder({"ifr_name", "mem_start", "mem_end", "base_addr", "irq", "dma", "port"})
  public static class IfreqWithIfmap extends Layout {
    public byte[] ifr_name = new byte[16];
    public com.sun.jna.NativeLong mem_start;
    public com.sun.jna.NativeLong mem_end;
    public short base_addr;
    public byte irq;
    public byte dma;
    public byte port;
  }

  /** Exposes JNA's computed offsets. */
  public abstract static class Layout extends Structure {
    int offset(String field) {
      return fieldOffset(field);
    }
  }

  @Test
  void theAbiIs64Bit() {
    assertThat(Native.POINTER_SIZE).as("offsets are for 64-bit Linux (x86_64, aarch64)").isEqualTo(8);
    assertThat(Native.LONG_SIZE).isEqualTo(8);
  }

  @Test
  void tpacket3HeaderOffsets() {
    Tpacket3Hdr hdr = new Tpacket3Hdr();
    assertThat(hdr.size()).isEqualTo(PacketRing.HDR_BYTES);
    assertThat(hdr.offset("tp_next_offset")).isEqualTo(PacketRing.HDR_NEXT_OFFSET);
    assertThat(hdr.offset("tp_sec")).isEqualTo(PacketRing.HDR_SEC);
    assertThat(hdr.offset("tp_nsec")).isEqualTo(PacketRing.HDR_NSEC);
    assertThat(hdr.offset("tp_snaplen")).isEqualTo(PacketRing.HDR_SNAPLEN);
    assertThat(hdr.offset("tp_len")).isEqualTo(PacketRing.HDR_LEN);
    assertThat(hdr.offset("tp_status")).isEqualTo(PacketRing.HDR_STATUS);
    assertThat(hdr.offset("tp_mac")).isEqualTo(PacketRing.HDR_MAC);
    assertThat(hdr.offset("tp_vlan_tci")).isEqualTo(PacketRing.HDR_VLAN_TCI);
    assertThat(hdr.offset("tp_vlan_tpid")).isEqualTo(PacketRing.HDR_VLAN_TPID);
    // The sockaddr_ll follows at TPACKET_ALIGN(sizeof(struct tpacket3_hdr)), TPACKET_ALIGNMENT being 16.
    assertThat((hdr.size() + 15) & ~15).isEqualTo(PacketRing.HDR_BYTES);
    assertThat(PacketRing.HDR_SLL_PKTTYPE).isEqualTo(PacketRing.HDR_BYTES + new SockaddrLl().offset("sll_pkttype"));
  }

  @Test
  void blockDescriptorOffsets() {
    TpacketBlockDesc desc = new TpacketBlockDesc();
    assertThat(desc.size()).isEqualTo(PacketRing.BLOCK_DESC_BYTES);
    assertThat(desc.offset("block_status")).isEqualTo(PacketRing.BLOCK_STATUS);
    assertThat(desc.offset("num_pkts")).isEqualTo(PacketRing.BLOCK_NUM_PKTS);
    assertThat(desc.offset("offset_to_first_pkt")).isEqualTo(PacketRing.BLOCK_OFFSET_TO_FIRST_PKT);
  }

  @Test
  void socketStructSizes() {
    assertThat(new TpacketReq3().size()).isEqualTo(LinuxPacketSocket.REQ3_BYTES);
    assertThat(new TpacketReq3().offset("tp_retire_blk_tov")).isEqualTo(16);
    assertThat(new SockaddrLl().size()).isEqualTo(LinuxPacketSocket.SOCKADDR_LL_BYTES);
    assertThat(new SockaddrLl().offset("sll_ifindex")).isEqualTo(4);
    assertThat(new PacketMreq().size()).isEqualTo(LinuxPacketSocket.PACKET_MREQ_BYTES);
    assertThat(new PacketMreq().offset("mr_type")).isEqualTo(4);
    assertThat(new TpacketStatsV3().size()).isEqualTo(LinuxPacketSocket.STATS_V3_BYTES);
    assertThat(new SockFprog().size()).isEqualTo(LinuxPacketSocket.SOCK_FPROG_BYTES);
    assertThat(new SockFprog().offset("filter")).isEqualTo(LinuxPacketSocket.SOCK_FPROG_FILTER);
    assertThat(new BpfProgram().size()).isEqualTo(BpfCode.PROGRAM_BYTES);
    assertThat(new BpfProgram().offset("bf_insns")).isEqualTo(BpfCode.PROGRAM_INSNS);
    assertThat(new SockFilter().size()).isEqualTo(BpfCode.INSTRUCTION_BYTES);
    assertThat(new IfreqWithIfmap().size()).isEqualTo(LinuxPacketSocket.IFREQ_BYTES);
  }

  @Test
  void theRingFitsTheKernelsRules() {
    // PACKET_RX_RING wants blocks that are page multiples and hold whole frames.
    assertThat(RingSource.BLOCK_BYTES % 4096).isZero();
    assertThat(RingSource.BLOCK_BYTES % RingSource.FRAME_BYTES).isZero();
    assertThat((long) RingSource.BLOCK_BYTES * RingSource.BLOCKS).isEqualTo(8L * 1024 * 1024);
  }
}
