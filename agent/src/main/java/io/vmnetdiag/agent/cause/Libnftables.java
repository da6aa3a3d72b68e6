package io.vmnetdiag.agent.cause;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Reads an nftables ruleset, with its counters, through libnftables' JSON API (libnftables1): no nft process,
 * no text parsing. Each call runs in the calling thread's network namespace.
 */
public final class Libnftables implements RulesetSource {
  /** nftables.h: NFT_CTX_DEFAULT. */
  private static final int NFT_CTX_DEFAULT = 0;
  /** nftables.h: NFT_CTX_OUTPUT_HANDLE | NFT_CTX_OUTPUT_JSON. */
  private static final int OUTPUT_FLAGS = (1 << 3) | (1 << 4);

  interface Lib extends Library {
    Pointer nft_ctx_new(int flags);
    void nft_ctx_free(Pointer ctx);
    void nft_ctx_output_set_flags(Pointer ctx, int flags);
    int nft_ctx_buffer_output(Pointer ctx);
    int nft_ctx_buffer_error(Pointer ctx);
    int nft_run_cmd_from_buffer(Pointer ctx, String buffer);
    String nft_ctx_get_output_buffer(Pointer ctx);
    String nft_ctx_get_error_buffer(Pointer ctx);
  }

  private static volatile Lib lib;

  private static Lib lib() {
    if (lib == null) {
      lib = Native.load("nftables", Lib.class);
    }
    return lib;
  }

  @Override
  public String listRuleset() throws RulesetUnavailable {
    Lib nft;
    try {
      nft = lib();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw new RulesetUnavailable("libnftables could not be loaded (is libnftables1 installed?): " + e.getMessage());
    }
    Pointer ctx = nft.nft_ctx_new(NFT_CTX_DEFAULT);
    if (ctx == null) {
      throw new RulesetUnavailable("libnftables could not create a context");
    }
    try {
      nft.nft_ctx_output_set_flags(ctx, OUTPUT_FLAGS);
      nft.nft_ctx_buffer_output(ctx);
      nft.nft_ctx_buffer_error(ctx);
      int rc = nft.nft_run_cmd_from_buffer(ctx, "list ruleset");
      if (rc != 0) {
        String error = nft.nft_ctx_get_error_buffer(ctx);
        throw new RulesetUnavailable("nftables' \"list ruleset\" failed"
            + (error == null || error.isBlank() ? "" : ": " + error.strip()));
      }
      String out = nft.nft_ctx_get_output_buffer(ctx);
      return out == null ? "" : out;
    } finally {
      nft.nft_ctx_free(ctx);
    }
  }
}
